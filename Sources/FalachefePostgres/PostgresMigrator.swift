import FalachefeCore
import Foundation
import Logging
import NIOPosix
import PostgresNIO

/// Applies the SQL files of a migrations directory (`NNNN_name.sql`) in file-name order,
/// like the SQLite `Migrator`. Each file runs in its own transaction together with its row
/// in `schema_migrations(version, name, applied_at)`, so a failing file leaves nothing
/// behind. The whole run holds a session advisory lock on a connection of its own, so two
/// nodes migrating at once take turns: the first applies, the second finds nothing to do.
/// A database whose recorded version is newer than the newest file is refused with
/// `StoreError.migration` (an older binary must not write to a schema it does not know).
public struct PostgresMigrator: Sendable {
    /// One migration file.
    public typealias Migration = MigrationFile

    /// The environment variable naming the migrations directory.
    public static let environmentVariable = "FALACHEFE_POSTGRES_MIGRATIONS"
    /// The advisory lock key of migrations ("Falachef" in ASCII): one per database.
    static let lockKey: Int64 = 0x4661_6c61_6368_6566

    public let directory: URL
    let logger: Logger

    public init(directory: URL, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Opens a connection of its own to `url`, applies the pending migrations and closes it;
    /// returns the versions applied (empty when the schema was current).
    public func run(url: PostgresURL) async throws -> [Int] {
        let migrations = try await NIOThreadPool.singleton.runIfActive { [self] in try load() }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try url.connectionConfiguration(), id: 0, logger: logger
            )
        } catch {
            throw StoreError.wrapping(error)
        }
        do {
            let applied = try await run(migrations, on: connection)
            try await connection.close()
            return applied
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Applies `migrations` on `connection` under the migrations lock.
    func run(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        do {
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger)
        } catch {
            throw StoreError.wrapping(error)
        }
        do {
            let applied = try await runLocked(migrations, on: connection)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            return applied
        } catch {
            // Closing the connection releases the lock too; this is for a connection kept open.
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger)
            throw StoreError.wrapping(error)
        }
    }

    private func runLocked(_ migrations: [Migration], on connection: PostgresConnection) async throws -> [Int] {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version    integer PRIMARY KEY,
              name       text NOT NULL,
              applied_at timestamptz(3) NOT NULL DEFAULT now()
            )
            """, logger: logger)
        var applied = Set<Int>()
        for try await version in try await connection.query(
            "SELECT version FROM schema_migrations", logger: logger
        ).decode(Int.self) {
            applied.insert(version)
        }
        let newestFile = migrations.last?.version ?? 0
        if let newestApplied = applied.max(), newestApplied > newestFile {
            throw StoreError.migration(
                "database schema version \(newestApplied) is newer than the newest migration (\(newestFile)) in \(directory.path)"
            )
        }
        var done: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
            try await apply(migration, on: connection)
            done.append(migration.version)
            logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
        }
        return done
    }

    /// Applies one migration and records it, in one transaction.
    private func apply(_ migration: Migration, on connection: PostgresConnection) async throws {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                // Row level security (0003) binds the tables' owner too: migrations see every row.
                try await connection.enter(.allTenants, logger: logger)
                for statement in PostgresStatementSplitter.split(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger
                )
            }
        } catch {
            throw StoreError.migration("\(migration.fileName): \(StoreError.wrapping(error))")
        }
    }
}

import FalachefeCore
import Foundation
import Logging
import NIOPosix
import SQLiteNIO

/// Applies the SQL files of a migrations directory (`NNNN_name.sql`) in file-name order.
/// Each file runs in its own transaction together with its row in
/// `schema_migrations(version, name, applied_at)`, so a failing file leaves nothing behind.
/// Running again applies nothing; a database that already has a version newer than the
/// newest file is refused with `StoreError.migration` (an older binary must not write to a
/// schema it does not know).
public struct Migrator: Sendable {
    /// One migration file.
    public typealias Migration = MigrationFile

    /// The environment variable naming the migrations directory.
    public static let environmentVariable = "FALACHEFE_MIGRATIONS"

    public let directory: URL
    let logger: Logger

    public init(directory: URL, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// The migrations directory: `explicit`, else `$FALACHEFE_MIGRATIONS`, else
    /// `./db/migrations/sqlite` when it exists, else the repository's directory as seen from
    /// this source file at build time (useful for tests and `swift run`).
    static func resolve(
        _ explicit: URL?, environment: [String: String], directoryExists: (String) -> Bool
    ) -> URL {
        MigrationFiles.resolve(
            explicit, variable: environmentVariable, relative: "db/migrations/sqlite",
            repositoryRoot: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent(),
            environment: environment, directoryExists: directoryExists)
    }

    /// `resolve` with the process environment, checking the file system on `pool`.
    static func locate(_ explicit: URL?, pool: NIOThreadPool) async throws -> URL {
        if let explicit { return explicit }
        let environment = ProcessInfo.processInfo.environment
        return try await pool.runIfActive { resolve(nil, environment: environment, directoryExists: MigrationFiles.isDirectory) }
    }

    /// Reads and orders the migration files. Blocking file I/O: call on a thread pool.
    func load() throws -> [Migration] {
        try MigrationFiles.load(from: directory)
    }

    /// Applies the pending migrations on `connection`; returns the versions applied.
    func run(on connection: SQLiteConnection, pool: NIOThreadPool) async throws -> [Int] {
        let migrations = try await pool.runIfActive { [self] in try load() }
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
              version INTEGER PRIMARY KEY NOT NULL,
              name TEXT NOT NULL,
              applied_at INTEGER NOT NULL
            ) STRICT
            """)
        let applied = Set(try await connection.query("SELECT version FROM schema_migrations").map { try $0.int("version") })
        let newestFile = migrations.last?.version ?? 0
        if let newestApplied = applied.max(), newestApplied > newestFile {
            throw StoreError.migration(
                "database schema version \(newestApplied) is newer than the newest migration (\(newestFile)) in \(directory.path)"
            )
        }
        var done: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
            if try await apply(migration, on: connection) {
                done.append(migration.version)
                logger.info("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            }
        }
        return done
    }

    /// Applies one migration in a transaction, unless another process applied it first.
    private func apply(_ migration: Migration, on connection: SQLiteConnection) async throws -> Bool {
        try await connection.execute("BEGIN IMMEDIATE")
        do {
            let already = try await connection.query(
                "SELECT 1 AS present FROM schema_migrations WHERE version = ?", [.int(migration.version)]
            )
            if already.isEmpty {
                for statement in SQLStatementSplitter.split(migration.sql) {
                    try await connection.execute(statement)
                }
                try await connection.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.int(migration.version), .text(migration.name), .date(Date())]
                )
            }
            try await connection.execute("COMMIT")
            return already.isEmpty
        } catch {
            try? await connection.execute("ROLLBACK")
            throw StoreError.migration("\(migration.fileName): \(error)")
        }
    }
}

import FalachefeCore
import FalachefePostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// A fresh database with a random name on the test server, dropped afterwards. The server
/// is the one `FALACHEFE_TEST_POSTGRES_URL` names (`ops/test.sh` starts a private one);
/// without it every PostgreSQL test fails, naming the variable — it never skips.
public struct TemporaryPostgresDatabase: Sendable {
    public static let environmentVariable = "FALACHEFE_TEST_POSTGRES_URL"
    public static let logger = Logger(label: "falachefe.postgres.tests")
    /// Small pools: many tests run at once against one server.
    public static let poolSize = 4

    /// This repository's PostgreSQL migrations, found from this file's location.
    public static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("db/migrations/postgres", isDirectory: true)

    public let server: PostgresURL
    public let name: String
    public var url: PostgresURL { server.with(database: name) }

    /// The test server, or a recorded failure that says how to get one.
    public static func serverURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> PostgresURL {
        let value = try TestServerEnvironment.required(
            environmentVariable, server: "PostgreSQL", script: "postgres-test-server.sh", sourceLocation: sourceLocation)
        return try PostgresURL(value)
    }

    /// Creates an empty database with a random name.
    public static func create(sourceLocation: SourceLocation = #_sourceLocation) async throws -> TemporaryPostgresDatabase {
        let server = try serverURL(sourceLocation: sourceLocation)
        let name = "falachefe_test_" + UUID().uuidString.lowercased().filter(\.isHexDigit)
        // Identifiers cannot be bound; the name is made of hex digits only.
        _ = try await admin(server) {
            try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return TemporaryPostgresDatabase(server: server, name: name)
    }

    /// Drops the database, closing any connection still open to it.
    public func drop() async {
        _ = try? await Self.admin(server) { [name] in
            try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
        }
    }

    /// Runs `body` on one connection to `url`, closed afterwards.
    public static func admin<T: Sendable>(_ url: PostgresURL, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(), id: 1, logger: logger
        )
        do {
            let value = try await body(connection)
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A migrated, running store on this database.
    public func open(migrations: URL = TemporaryPostgresDatabase.migrations) async throws -> PostgresStore {
        try await PostgresStore.connect(
            url: url, migrationsDirectory: migrations, maximumConnections: Self.poolSize, logger: Self.logger
        )
    }

    /// Runs `body` with a fresh, empty (unmigrated) database; drops it afterwards.
    public static func withEmpty(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: (TemporaryPostgresDatabase) async throws -> Void
    ) async throws {
        let database = try await create(sourceLocation: sourceLocation)
        do {
            try await body(database)
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    /// Runs `body` with a store on a fresh database; closes the store and drops the
    /// database afterwards, whatever happens.
    public static func with(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: (PostgresStore) async throws -> Void
    ) async throws {
        let database = try await create(sourceLocation: sourceLocation)
        do {
            let store = try await database.open()
            do {
                try await body(store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }
}

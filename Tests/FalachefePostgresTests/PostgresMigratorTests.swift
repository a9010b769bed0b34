import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// Migrations against a real server: from empty, idempotent re-runs, two migrators at
/// once, refusal of newer schemas, atomic files.
@Suite("PostgresMigrator")
struct PostgresMigratorTests {
    static let logger = TemporaryPostgresDatabase.logger
    static let migrations = TemporaryPostgresDatabase.migrations

    /// The shipped migrations as `version:name`, in order, read from the directory.
    static let shipped: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: migrations.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted().compactMap { name in
            guard let version = Int(name.prefix(4)) else { return nil }
            return "\(version):\(name.dropFirst(5).dropLast(4))"
        }
    }()
    /// The shipped versions, in order.
    static let versions = shipped.compactMap { Int($0.split(separator: ":")[0]) }
    /// The first version no shipped migration has.
    static let next = (versions.last ?? 0) + 1

    /// A migrations directory holding copies of the real migrations plus `extra` files.
    private static func directory(extra: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-pg-migrations-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: migrations.path) where name.hasSuffix(".sql") {
            try FileManager.default.copyItem(
                at: migrations.appendingPathComponent(name), to: directory.appendingPathComponent(name)
            )
        }
        for (name, sql) in extra {
            try sql.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    private static func expectMigrationError(
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        await StoreContract.expectStoreError("a migration error", sourceLocation: sourceLocation, matches: {
            if case .migration = $0 { return true }
            return false
        }, body)
    }

    private static func strings(_ url: PostgresURL, _ query: PostgresQuery) async throws -> [String] {
        try await TemporaryPostgresDatabase.admin(url) { connection in
            var values: [String] = []
            for try await value in try await connection.query(query, logger: logger).decode(String.self) {
                values.append(value)
            }
            return values
        }
    }

    @Test("migrations apply from empty, record every file, and a second run applies nothing")
    func migratesFromEmptyThenAppliesNothing() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let first = try await PostgresStore.migrate(url: database.url, migrationsDirectory: Self.migrations, logger: Self.logger)
            #expect(first == Self.versions && Self.versions.count >= 4)
            let second = try await PostgresStore.migrate(url: database.url, migrationsDirectory: Self.migrations, logger: Self.logger)
            #expect(second.isEmpty)

            let recorded = try await Self.strings(
                database.url, "SELECT version::text || ':' || name FROM schema_migrations ORDER BY version"
            )
            #expect(recorded == Self.shipped)
            let tables = try await Self.strings(
                database.url,
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
            )
            #expect(Set(tables) == [
                "admin_tokens", "audit_logs", "budgets", "companies", "conversations", "crew_agents", "crew_memories",
                "crew_metrics", "crew_tasks", "crews", "inbox", "ledger_entries", "messages", "onboarding_replies",
                "outbox", "schema_migrations", "uaz_instances", "users", "whatsapp_auth_logs", "whatsapp_sessions",
            ])
            let store = try await database.open()
            try await store.ping()
            await store.close()
        }
    }

    @Test("two migrators at once: one applies everything, the other waits and applies nothing")
    func concurrentMigratorsTakeTurns() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let url = database.url
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await PostgresStore.migrate(url: url, migrationsDirectory: Self.migrations, logger: Self.logger)
                    }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.sorted { $0.count < $1.count } == [[], Self.versions])
        }
    }

    @Test func refusesDatabaseNewerThanMigrations() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let newer = try Self.directory(extra: ["0099_extra.sql": "CREATE TABLE extra (x integer);"])
            defer { try? FileManager.default.removeItem(at: newer) }
            let applied = try await PostgresStore.migrate(url: database.url, migrationsDirectory: newer, logger: Self.logger)
            #expect(applied == Self.versions + [99])

            await Self.expectMigrationError { _ = try await database.open() }
            await Self.expectMigrationError {
                _ = try await PostgresStore.migrate(url: database.url, migrationsDirectory: Self.migrations, logger: Self.logger)
            }
        }
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let brokenName = String(format: "%04d_broken.sql", Self.next)
            let broken = try Self.directory(extra: [
                brokenName: "CREATE TABLE half_done (x integer);\nINSERT INTO missing_table VALUES (1);",
            ])
            defer { try? FileManager.default.removeItem(at: broken) }
            await Self.expectMigrationError {
                _ = try await PostgresStore.migrate(url: database.url, migrationsDirectory: broken, logger: Self.logger)
            }
            try FileManager.default.removeItem(at: broken.appendingPathComponent(brokenName))
            try "CREATE TABLE half_done (x integer);".write(
                to: broken.appendingPathComponent(String(format: "%04d_fixed.sql", Self.next)), atomically: true, encoding: .utf8
            )
            // The shipped migrations committed before the broken one failed; its table was rolled back.
            let applied = try await PostgresStore.migrate(url: database.url, migrationsDirectory: broken, logger: Self.logger)
            #expect(applied == [Self.next])
        }
    }

    @Test func rejectsBadFileNamesAndMissingDirectory() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let badName = try Self.directory(extra: ["extra.sql": "SELECT 1;"])
            defer { try? FileManager.default.removeItem(at: badName) }
            await Self.expectMigrationError {
                _ = try await PostgresStore.migrate(url: database.url, migrationsDirectory: badName, logger: Self.logger)
            }
            let missing = badName.appendingPathComponent("nope", isDirectory: true)
            await Self.expectMigrationError {
                _ = try await PostgresStore.migrate(url: database.url, migrationsDirectory: missing, logger: Self.logger)
            }
        }
    }

    @Test func locatesDirectoryInOrder() {
        let explicit = URL(fileURLWithPath: "/tmp/explicit", isDirectory: true)
        let environment = [PostgresMigrator.environmentVariable: "/tmp/from-env"]
        #expect(PostgresMigrator.resolve(explicit, environment: environment) { _ in true } == explicit)
        #expect(PostgresMigrator.resolve(nil, environment: environment) { _ in true }.path == "/tmp/from-env")
        let relative = PostgresMigrator.resolve(nil, environment: [:]) { $0 == "db/migrations/postgres" }
        #expect(relative.path.hasSuffix("db/migrations/postgres"))
        let fromSource = PostgresMigrator.resolve(nil, environment: [:]) { _ in false }
        #expect(fromSource.standardizedFileURL.path == Self.migrations.standardizedFileURL.path)
    }
}

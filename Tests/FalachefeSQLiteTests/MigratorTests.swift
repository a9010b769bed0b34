import FalachefeCore
import FalachefeTestSupport
import Foundation
import Testing

@testable import FalachefeSQLite

/// Migrations: from empty, idempotent re-runs, refusal of newer schemas, atomic files.
@Suite("Migrator")
struct MigratorTests {
    /// A migrations directory holding a copy of the real first migration plus `extra` files.
    private static func directory(extra: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-migrations-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let first = "0001_initial_schema.sql"
        try FileManager.default.copyItem(
            at: TemporaryStore.migrations.appendingPathComponent(first), to: directory.appendingPathComponent(first)
        )
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

    @Test("migrations apply from empty, record every file, and a second run applies nothing")
    func migratesFromEmptyThenAppliesNothing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let logger = TemporaryStore.logger
        let first = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: TemporaryStore.migrations, logger: logger)
        #expect(first == [1, 2, 3, 4, 5])
        let second = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: TemporaryStore.migrations, logger: logger)
        #expect(second.isEmpty)

        let store = try await temporary.open()
        let recorded = try await store.read("SELECT version, name FROM schema_migrations ORDER BY version", []) {
            "\(try $0.int("version")):\(try $0.text("name"))"
        }
        #expect(recorded == [
            "1:initial_schema", "2:admin_tokens", "3:inbox_retention_index", "4:crew_state",
            "5:inbox_pending_index",
        ])
        let tables = try await store.read(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", []
        ) { try $0.text("name") }
        #expect(Set(tables) == [
            "admin_tokens", "audit_logs", "budgets", "companies", "conversations", "crew_agents", "crew_memories",
            "crew_tasks", "crews", "inbox", "ledger_entries", "onboarding_replies", "outbox", "schema_migrations",
            "uaz_instances", "users",
        ])
        try await store.close()
    }

    @Test func refusesDatabaseNewerThanMigrations() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let newer = try Self.directory(extra: ["0099_extra.sql": "CREATE TABLE extra (x INTEGER);"])
        defer { try? FileManager.default.removeItem(at: newer) }
        let applied = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: newer, logger: TemporaryStore.logger)
        #expect(applied == [1, 99])

        await Self.expectMigrationError { _ = try await temporary.open() }
        await Self.expectMigrationError {
            _ = try await SQLiteStore.migrate(
                path: temporary.path, migrationsDirectory: TemporaryStore.migrations, logger: TemporaryStore.logger
            )
        }
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let broken = try Self.directory(extra: [
            "0002_broken.sql": "CREATE TABLE half_done (x INTEGER);\nINSERT INTO missing_table VALUES (1);",
        ])
        defer { try? FileManager.default.removeItem(at: broken) }
        await Self.expectMigrationError {
            _ = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: broken, logger: TemporaryStore.logger)
        }
        try FileManager.default.removeItem(at: broken.appendingPathComponent("0002_broken.sql"))
        try "CREATE TABLE half_done (x INTEGER);".write(
            to: broken.appendingPathComponent("0002_fixed.sql"), atomically: true, encoding: .utf8
        )
        // 0001 committed before 0002 failed; 0002's table was rolled back, so it can be created now.
        let applied = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: broken, logger: TemporaryStore.logger)
        #expect(applied == [2])
    }

    @Test func rejectsBadFileNamesAndMissingDirectory() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let badName = try Self.directory(extra: ["extra.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(at: badName) }
        await Self.expectMigrationError {
            _ = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: badName, logger: TemporaryStore.logger)
        }
        let missing = temporary.directory.appendingPathComponent("nope", isDirectory: true)
        await Self.expectMigrationError {
            _ = try await SQLiteStore.migrate(path: temporary.path, migrationsDirectory: missing, logger: TemporaryStore.logger)
        }
    }

    @Test func locatesDirectoryInOrder() {
        let explicit = URL(fileURLWithPath: "/tmp/explicit", isDirectory: true)
        let environment = [Migrator.environmentVariable: "/tmp/from-env"]
        #expect(Migrator.resolve(explicit, environment: environment) { _ in true } == explicit)
        #expect(Migrator.resolve(nil, environment: environment) { _ in true }.path == "/tmp/from-env")
        let relative = Migrator.resolve(nil, environment: [:]) { $0 == "db/migrations/sqlite" }
        #expect(relative.path.hasSuffix("db/migrations/sqlite"))
        let fromSource = Migrator.resolve(nil, environment: [:]) { _ in false }
        #expect(fromSource.standardizedFileURL.path == TemporaryStore.migrations.standardizedFileURL.path)
    }

    @Test func splitsStatementsOutsideQuotesAndComments() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE t (x TEXT DEFAULT 'a;b'); /* block; comment */
            INSERT INTO t VALUES ('it''s; fine');
            ;
            """
        #expect(SQLStatementSplitter.split(sql) == [
            "CREATE TABLE t (x TEXT DEFAULT 'a;b')",
            "INSERT INTO t VALUES ('it''s; fine')",
        ])
    }
}

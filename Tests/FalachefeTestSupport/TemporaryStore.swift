import FalachefeCore
import FalachefeSQLite
import Foundation
import Logging

/// A fresh database file in its own temporary directory, removed afterwards.
public struct TemporaryStore: Sendable {
    /// This repository's SQLite migrations, found from this file's location.
    public static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("db/migrations/sqlite", isDirectory: true)

    public static let logger = Logger(label: "falachefe.sqlite.tests")

    public let directory: URL
    public var path: String { directory.appendingPathComponent("falachefe.sqlite").path }

    public init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-sqlite-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public func open(durability: Durability = .processCrash, migrations: URL = TemporaryStore.migrations) async throws
        -> SQLiteStore
    {
        try await SQLiteStore.open(path: path, migrationsDirectory: migrations, durability: durability, logger: Self.logger)
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a store on a fresh file; closes and deletes it afterwards.
    public static func with(_ body: (SQLiteStore) async throws -> Void) async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

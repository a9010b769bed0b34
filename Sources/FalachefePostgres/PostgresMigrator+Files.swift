import FalachefeCore
import Foundation
import NIOPosix

/// Where the migration files are and how they are read.
extension PostgresMigrator {
    /// The migrations directory: `explicit`, else `$FALACHEFE_POSTGRES_MIGRATIONS`, else
    /// `./db/migrations/postgres` when it exists, else the repository's directory as seen
    /// from this source file at build time (useful for tests and `swift run`).
    static func resolve(
        _ explicit: URL?, environment: [String: String], directoryExists: (String) -> Bool
    ) -> URL {
        if let explicit { return explicit }
        if let fromEnvironment = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces),
            !fromEnvironment.isEmpty
        {
            return URL(fileURLWithPath: fromEnvironment, isDirectory: true)
        }
        let relative = "db/migrations/postgres"
        if directoryExists(relative) {
            return URL(fileURLWithPath: relative, isDirectory: true).standardizedFileURL
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FalachefePostgres
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent(relative, isDirectory: true)
    }

    /// `resolve` with the process environment, checking the file system off the
    /// cooperative threads.
    static func locate(_ explicit: URL?) async throws -> URL {
        if let explicit { return explicit }
        let environment = ProcessInfo.processInfo.environment
        return try await NIOThreadPool.singleton.runIfActive {
            resolve(nil, environment: environment) { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            }
        }
    }

    /// Reads and orders the migration files. Blocking file I/O: call on a thread pool.
    func load() throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError.migration("cannot read migrations directory \(directory.path): \(error)")
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw StoreError.migration("migration file \(fileName) is not named NNNN_name.sql")
            }
            if let previous = migrations.last, previous.version >= version {
                throw StoreError.migration("migration \(fileName) does not follow version \(previous.version)")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
            migrations.append(Migration(
                version: version, name: String(stem[stem.index(after: underscore)...]), fileName: fileName, sql: sql
            ))
        }
        return migrations
    }
}

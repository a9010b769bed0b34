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
        MigrationFiles.resolve(
            explicit, variable: environmentVariable, relative: "db/migrations/postgres",
            repositoryRoot: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent(),
            environment: environment, directoryExists: directoryExists)
    }

    /// `resolve` with the process environment, checking the file system off the
    /// cooperative threads.
    static func locate(_ explicit: URL?) async throws -> URL {
        if let explicit { return explicit }
        let environment = ProcessInfo.processInfo.environment
        return try await NIOThreadPool.singleton.runIfActive {
            resolve(nil, environment: environment, directoryExists: MigrationFiles.isDirectory)
        }
    }

    /// Reads and orders the migration files. Blocking file I/O: call on a thread pool.
    func load() throws -> [Migration] {
        try MigrationFiles.load(from: directory)
    }
}

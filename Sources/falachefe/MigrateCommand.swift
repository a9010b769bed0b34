import ArgumentParser
import FalachefeHTTP
import FalachefePostgres
import FalachefeSQLite
import Foundation
import Logging

/// `falachefe migrate`: applies pending schema migrations and says which.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending database migrations (PostgreSQL when DATABASE_URL is set, else the SQLite file).")

    @Option(help: "SQLite database file (FALACHEFE_SQLITE_PATH, default ./falachefe.sqlite).") var sqlitePath: String?
    @Option(help: "Migrations folder (FALACHEFE_MIGRATIONS, default db/migrations/sqlite).") var migrations: String?

    func run() async throws {
        let configuration = try ServeCommand.configuration(from: ProcessInfo.processInfo.environment)
        let logger = LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        if let url = configuration.databaseURL {
            let applied = try await PostgresStore.migrate(url: url, logger: logger)
            print(applied.isEmpty ? "schema is up to date (\(url))" : "applied migrations \(applied.map(String.init).joined(separator: ", ")) to \(url)")
            return
        }
        let path = sqlitePath ?? configuration.sqlitePath
        let directory = (migrations ?? configuration.migrationsDirectory).map { URL(fileURLWithPath: $0) }
        let applied = try await SQLiteStore.migrate(path: path, migrationsDirectory: directory, logger: logger)
        if applied.isEmpty {
            print("schema is up to date (\(path))")
        } else {
            print("applied migrations \(applied.map(String.init).joined(separator: ", ")) to \(path)")
        }
    }
}

import ArgumentParser
import FalachefeHTTP
import Foundation
import Hummingbird
import Logging

/// `falachefe serve`: runs the server until SIGTERM/SIGINT, then shuts down gracefully.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the server (embedded defaults: SQLite file, built-in model).")

    @Option(help: "Address to bind (FALACHEFE_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (FALACHEFE_PORT, default 8080; 0 picks a free one).") var port: Int?
    @Option(help: "SQLite database file (FALACHEFE_SQLITE_PATH, default ./falachefe.sqlite).") var sqlitePath: String?
    @Option(help: "Migrations folder (FALACHEFE_MIGRATIONS, default db/migrations/sqlite).") var migrations: String?

    func run() async throws {
        var configuration = try Self.configuration(from: ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let sqlitePath { configuration.sqlitePath = sqlitePath }
        if let migrations { configuration.migrationsDirectory = migrations }
        let logger = LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        if configuration.adminToken == nil {
            logger.warning("FALACHEFE_ADMIN_TOKEN is not set: the admin API answers 401 to every call")
        }
        let host = configuration.host
        let app = try await buildApplication(configuration: configuration, logger: logger) { port in
            logger.info("falachefe listening", metadata: [
                "address": "\(host):\(port)",
                "executor": .string(EventLoopConcurrency.isInstalled ? "event_loops" : "default"),
                "event_loops": "\(EventLoopCount.current)",
            ])
        }
        try await app.runService()
    }

    /// The environment's configuration, or a clear message naming the bad variable.
    static func configuration(from environment: [String: String]) throws -> AppConfiguration {
        do {
            return try AppConfiguration.fromEnvironment(environment)
        } catch {
            throw ValidationError("invalid configuration: \(error)")
        }
    }
}

import FalachefeCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// The production `Store`: PostgreSQL through postgres-nio's pooled `PostgresClient`.
///
/// Two ways to run it:
/// - `PostgresStore.connect(url:…)` migrates, starts the pool in a task of the store's own
///   and returns a ready store; `close()` stops it. Adding that store to a `ServiceGroup`
///   (it is a `Service`) closes it at graceful shutdown, after the services listed after it.
/// - `PostgresStore(url:…)` creates it idle; its `run()` (as a `Service` in the app's
///   group) runs the pool, and `migrate()` applies migrations (on a connection of its own,
///   so it may run before the pool does).
///
/// Every statement runs in a transaction scoped to one company, or explicitly to all of
/// them, for the database's row level security (`PostgresStore+Scope.swift`).
/// Every value reaches the server as a bound parameter (`PostgresQuery` interpolation);
/// only fixed SQL text is ever interpolated `unescaped`. Multi-statement writes run in one
/// transaction; server errors become `StoreError`s (unique violation → `.conflict`, …).
public final class PostgresStore: Store {
    /// The pool size used when none is given.
    public static let defaultMaximumConnections = 20
    /// How long a store call waits for a pooled connection before failing with
    /// `StoreError.unavailable` (see `PostgresConnectionLeaser`), when none is given.
    public static let defaultConnectionWaitTimeout = Duration.seconds(5)

    /// Connections of the accept batcher alone, besides the pool's.
    public static let intakeConnections = 2

    let client: PostgresClient
    /// The intake's own small pool: a batch of accepts never queues behind processing for
    /// a connection of `client` (under load that queue held webhook answers ~90 ms).
    let intakeClient: PostgresClient
    /// Every store call leases its connection here, never from `client` directly.
    let connections: PostgresConnectionLeaser
    let logger: Logger
    let url: PostgresURL
    let migrationsDirectory: URL?
    let lifecycle = NIOLockedValueBox(Lifecycle.idle)
    /// Inbound messages are group-committed (`accept`).
    let acceptBatcher: PostgresAcceptBatcher
    /// So are processing outcomes (`complete`).
    let completions: GroupCommit<CompletionWrite, CompletionResult>

    /// Creates the store and its (not yet running) pool. Nothing connects until the pool
    /// runs (see `run()`) or `migrate()` is called. `applicationName` names the pooled
    /// connections in `pg_stat_activity` (the server uses `falachefe <node id>`).
    public init(
        url: PostgresURL, migrationsDirectory: URL? = nil,
        maximumConnections: Int = PostgresStore.defaultMaximumConnections,
        connectionWaitTimeout: Duration = PostgresStore.defaultConnectionWaitTimeout, applicationName: String? = nil,
        logger: Logger
    ) {
        self.url = url
        self.migrationsDirectory = migrationsDirectory
        self.logger = logger
        let client = PostgresClient(
            configuration: url.clientConfiguration(maximumConnections: maximumConnections, applicationName: applicationName),
            backgroundLogger: logger
        )
        self.client = client
        let connections = PostgresConnectionLeaser(client: client, timeout: connectionWaitTimeout)
        self.connections = connections
        let intakeClient = PostgresClient(
            configuration: url.clientConfiguration(maximumConnections: Self.intakeConnections, applicationName: applicationName),
            backgroundLogger: logger
        )
        self.intakeClient = intakeClient
        let intake = PostgresConnectionLeaser(client: intakeClient, timeout: connectionWaitTimeout)
        acceptBatcher = PostgresAcceptBatcher(logger: logger) { rows in
            try await Self.insertInbox(rows, connections: intake, logger: logger)
        }
        completions = GroupCommit(maxBatch: Self.maxCompletionBatch, lanes: Self.completionLanes) { writes in
            await Self.completeBatch(writes, connections: connections, logger: logger)
        }
    }

    /// Parses `url` (`postgres://user:password@host:port/database?sslmode=…`), applies
    /// pending migrations, starts the pool and returns a ready store. Throws
    /// `StoreError.migration` when the database's schema is newer than this build's
    /// migrations, `StoreError.unavailable` when the URL is malformed or the server cannot
    /// be reached. Logs never show the password.
    public static func connect(
        url: String, migrationsDirectory: URL? = nil,
        maximumConnections: Int = PostgresStore.defaultMaximumConnections,
        connectionWaitTimeout: Duration = PostgresStore.defaultConnectionWaitTimeout, logger: Logger
    ) async throws -> PostgresStore {
        try await connect(
            url: try PostgresURL(url), migrationsDirectory: migrationsDirectory,
            maximumConnections: maximumConnections, connectionWaitTimeout: connectionWaitTimeout, logger: logger
        )
    }

    /// `connect(url:…)` with a parsed URL.
    public static func connect(
        url: PostgresURL, migrationsDirectory: URL? = nil,
        maximumConnections: Int = PostgresStore.defaultMaximumConnections,
        connectionWaitTimeout: Duration = PostgresStore.defaultConnectionWaitTimeout, logger: Logger
    ) async throws -> PostgresStore {
        let store = PostgresStore(
            url: url, migrationsDirectory: migrationsDirectory, maximumConnections: maximumConnections,
            connectionWaitTimeout: connectionWaitTimeout, logger: logger
        )
        _ = try await store.migrate()
        store.start()
        logger.info("postgres store open", metadata: ["database": "\(url)"])
        return store
    }

    /// Applies pending migrations to the database at `url` and returns the versions applied
    /// (empty when the schema was current). For the `falachefe migrate` command.
    public static func migrate(url: String, migrationsDirectory: URL? = nil, logger: Logger) async throws -> [Int] {
        try await migrate(url: try PostgresURL(url), migrationsDirectory: migrationsDirectory, logger: logger)
    }

    /// `migrate(url:…)` with a parsed URL.
    public static func migrate(url: PostgresURL, migrationsDirectory: URL? = nil, logger: Logger) async throws -> [Int] {
        let directory = try await PostgresMigrator.locate(migrationsDirectory)
        return try await PostgresMigrator(directory: directory, logger: logger).run(url: url)
    }

    /// Applies this store's pending migrations on a connection of its own; returns the
    /// versions applied.
    public func migrate() async throws -> [Int] {
        try await Self.migrate(url: url, migrationsDirectory: migrationsDirectory, logger: logger)
    }

    /// Cheap round trip used by readiness.
    public func ping() async throws {
        let logger = logger
        do {
            try await connections.withConnection { try await $0.execute("SELECT 1 AS ok", logger: logger) }
        } catch {
            throw StoreError.wrapping(error)
        }
    }
}

extension PostgresConnection {
    /// Runs `query` and decodes every row (inside a store transaction).
    func rows<T>(_ query: PostgresQuery, logger: Logger, decode: (Row) throws -> T) async throws -> [T] {
        try ensureOpen()
        return try await self.query(query, logger: logger).collect().map { try decode(Row($0)) }
    }

    /// Runs `query`, discarding any rows.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        try ensureOpen()
        _ = try await self.query(query, logger: logger).collect()
    }

    /// postgres-nio drops a statement written to a closed connection without ever
    /// answering it: fail it here instead (the lease watchdog covers the remaining race).
    func ensureOpen() throws {
        if isClosed { throw StoreError.unavailable("database connection closed") }
    }
}

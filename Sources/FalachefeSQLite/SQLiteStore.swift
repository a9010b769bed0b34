import FalachefeCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// The embedded `Store`: one SQLite file in WAL mode.
///
/// Connections: one write connection owned by `SQLiteWriter` (group commit, on a thread of
/// its own, see there) and `readerCount` read-only connections for queries, so reads never
/// wait for writes and writes never wait for reads (WAL gives readers a snapshot), plus one
/// connection that checkpoints the WAL in the background (`SQLiteCheckpointer`). The
/// readers and the checkpointer run SQLite calls on private `NIOThreadPool`s, so neither a
/// slow report query nor a checkpoint's fsync can occupy the thread the writer needs; no
/// SQLite call ever blocks a Swift concurrency thread.
public final class SQLiteStore: Store {
    /// Number of read connections (and reader threads).
    static let readerCount = 2
    /// How long a connection waits for a lock held by another process before failing.
    static let busyTimeoutMilliseconds = 5_000
    /// Page cache of each connection, in KiB (SQLite's default is 2000).
    static let cacheKibibytes = 512
    /// The writer's page cache, in KiB. Closing a processed message touches pages written
    /// seconds earlier; with 512 KiB they had been evicted and were read again with a
    /// `pread` each (a quarter of the writer's time with processing on). With 2 MiB the
    /// writer's CPU per message fell by 15-25%, but the benchmark's RSS after the load
    /// reached 46.5-48.5 MiB (the target is 50 MB, 47.7 MiB); 1 MiB is the middle kept
    /// (46.9 MiB; ops/bench/results.md).
    static let writerCacheKibibytes = 1_024

    let writer: SQLiteWriter
    let readers: SQLiteReaderPool
    let checkpointer: SQLiteCheckpointer
    let logger: Logger

    private init(writer: SQLiteWriter, readers: SQLiteReaderPool, checkpointer: SQLiteCheckpointer, logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.logger = logger
    }

    /// Opens (creating if needed) the database at `path`, applies pending migrations and
    /// returns a ready store. Throws `StoreError.migration` when the file's schema is newer
    /// than this build's migrations, `StoreError.unavailable` when the file cannot be opened.
    public static func open(
        path: String, migrationsDirectory: URL? = nil, durability: Durability = .processCrash, logger: Logger
    ) async throws -> SQLiteStore {
        _ = try await migrate(path: path, migrationsDirectory: migrationsDirectory, logger: logger)
        let checkpointPool = NIOThreadPool(numberOfThreads: 1)
        checkpointPool.start()
        let readers = (0..<readerCount).map { _ in SQLiteReader() }
        var opened: SQLiteConnection?
        var writer: SQLiteWriter?
        do {
            for reader in readers {
                try await reader.open(path: path, pragmas: connectionPragmas + ["PRAGMA query_only = ON"])
            }
            let checkpointConnection = try await connect(path: path, pool: checkpointPool, logger: logger)
            opened = checkpointConnection
            // The connection that runs a checkpoint decides whether it syncs: as the writer does.
            try await checkpointConnection.execute("PRAGMA synchronous = \(durability.synchronousPragma)")
            let checkpointer = SQLiteCheckpointer(connection: checkpointConnection, pool: checkpointPool, logger: logger)
            let opening = SQLiteWriter(logger: logger, afterCommit: checkpointer.noteCommit)
            writer = opening
            try await opening.open(path: path, pragmas: connectionPragmas + [
                "PRAGMA journal_mode = WAL",
                "PRAGMA synchronous = \(durability.synchronousPragma)",
                "PRAGMA foreign_keys = ON",
                "PRAGMA wal_autocheckpoint = \(SQLiteCheckpointer.backstopPages)",
                "PRAGMA cache_size = -\(writerCacheKibibytes)",
            ])
            // Weak: the writer already holds the checkpointer (`afterCommit`); a strong
            // reference back would keep both, and the writer's thread, alive after `close()`.
            await checkpointer.handOver(to: { [weak opening] in opening?.requestCheckpoint() })
            await checkpointer.start()
            logger.info("sqlite store open", metadata: ["path": "\(path)", "durability": "\(durability.rawValue)"])
            return SQLiteStore(
                writer: opening, readers: SQLiteReaderPool(readers), checkpointer: checkpointer, logger: logger
            )
        } catch {
            _ = await writer?.close()
            for reader in readers { await reader.close() }
            try? await opened?.close()
            try? await checkpointPool.shutdownGracefully()
            throw StoreError.wrapping(error)
        }
    }

    /// Applies pending migrations to the database at `path` and returns the versions applied
    /// (empty when the schema was current). For the `falachefe migrate` command.
    public static func migrate(path: String, migrationsDirectory: URL? = nil, logger: Logger) async throws -> [Int] {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        defer { pool.shutdownGracefully { _ in } }
        do {
            let connection = try await connect(path: path, pool: pool, logger: logger)
            do {
                try await connection.execute("PRAGMA journal_mode = WAL")
                let directory = try await Migrator.locate(migrationsDirectory, pool: pool)
                let applied = try await Migrator(directory: directory, logger: logger).run(on: connection, pool: pool)
                try await connection.close()
                return applied
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// Waits for queued writes to commit, then closes every connection. Later calls fail
    /// with `StoreError.unavailable`; closing twice is harmless.
    ///
    /// Runs to the end even when the calling task is cancelled (a service group cancelled
    /// rather than shut down gracefully): sqlite-nio's thread pool drops the work of a
    /// cancelled task, which would leave the connections open — the last writes not
    /// checkpointed, and a trap when a connection is deinitialised in a debug build.
    public func close() async throws {
        try await Task { try await self.closeConnections() }.value
    }

    private func closeConnections() async throws {
        guard await writer.close() else { return }
        await checkpointer.close()
        for reader in readers.readers {
            await reader.close()
        }
    }

    /// The settings every connection shares. The busy timeout replaces sqlite-nio's
    /// retry-forever busy handler with a bounded wait. Hot pages stay in the OS page cache
    /// anyway; a smaller private cache per connection keeps the server's resident memory low
    /// (README, Benchmark).
    private static let connectionPragmas = [
        "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
        "PRAGMA cache_size = -\(cacheKibibytes)",
    ]

    /// Opens one sqlite-nio connection (readers, checkpoints, migrations) with the shared settings.
    private static func connect(path: String, pool: NIOThreadPool, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: pool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
        )
        for pragma in connectionPragmas { try await connection.execute(pragma) }
        return connection
    }

    /// Runs a read query on a reader of its own (see `SQLiteReaderPool`) and its rows
    /// through `decode`; errors become `StoreError`s.
    func read<T: Sendable>(
        _ sql: String, _ binds: [SQLiteData], decode: @escaping @Sendable (SQLiteValues) throws -> T
    ) async throws -> [T] {
        do {
            return try await readers.withReader { reader in
                try await reader.query(sql, binds, decode: decode)
            }
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// A write transaction through the single writer (group-committed).
    func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteHandle) throws -> T) async throws -> T {
        try await writer.transaction(body)
    }

    public func ping() async throws {
        _ = try await read("SELECT 1 AS ok", []) { try $0.int("ok") }
    }
}

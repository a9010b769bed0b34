import FalachefeCore
import NIOPosix
import SQLiteNIO

/// One read-only connection on a thread of its own: a query runs synchronously there
/// (`SQLiteHandle`, prepared statements reused) and its rows come back in one hop.
///
/// An actor runs one query at a time, so every query starts a read transaction of its own
/// and sees every commit made before it began (see `SQLiteReaderPool`).
actor SQLiteReader {
    nonisolated let unownedExecutor: UnownedSerialExecutor
    private let thread: MultiThreadedEventLoopGroup
    private var connection: SQLiteHandle?

    init() {
        let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.thread = thread
        self.unownedExecutor = thread.next().executor.asUnownedSerialExecutor()
    }

    /// The thread stops when the reader goes away (see `SQLiteWriter.deinit`).
    deinit {
        thread.shutdownGracefully { _ in }
    }

    /// Opens the connection and applies `pragmas` to it, in order.
    func open(path: String, pragmas: [String]) throws {
        let handle = try SQLiteHandle(path: path)
        for pragma in pragmas { try handle.execute(pragma) }
        connection = handle
    }

    /// Runs one statement and returns its rows through `decode`, run here too.
    func query<T: Sendable>(
        _ sql: String, _ binds: [SQLiteData], decode: @Sendable (SQLiteValues) throws -> T
    ) throws -> [T] {
        guard let connection else { throw StoreError.unavailable("store is closed") }
        return try connection.query(sql, binds).map(decode)
    }

    /// Closes the connection; later queries fail with `StoreError.unavailable`.
    func close() {
        connection?.close()
        connection = nil
    }
}

import Logging
import NIOPosix
import SQLiteNIO

/// Copies committed WAL frames into the database file from a connection and a thread of
/// its own, so that the writer never does it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses `wal_autocheckpoint`
/// pages: that commit, and every write queued behind it on the single writer (webhook
/// acknowledgements included), waits while pages are copied and the database file is
/// fsynced. On this project's benchmark machine that stall reached a second (README,
/// Benchmark). Here the writer only signals after a commit; this actor answers with
/// `PRAGMA wal_checkpoint(PASSIVE)`, which waits for neither readers nor the writer, at
/// most once per `spacing`. Once every frame is copied, the next write transaction starts
/// the WAL over from its beginning, so the file stays small. The writer keeps a
/// `wal_autocheckpoint` of `backstopPages` only as a bound in case this falls behind.
actor SQLiteCheckpointer {
    /// What one pass found, as `PRAGMA wal_checkpoint` reports it.
    struct Pass: Sendable, Equatable {
        /// Another checkpoint was running, so this one did nothing.
        var busy: Bool
        /// Frames in the WAL.
        var walFrames: Int
        /// Frames of the WAL now copied into the database file.
        var checkpointedFrames: Int
    }

    /// The writer's own `wal_autocheckpoint`, in pages (about 40 MiB of WAL).
    static let backstopPages = 10_000
    /// Least time between two passes. Each pass costs two fsyncs (WAL, then database), but
    /// the longer the pause the more pages one pass flushes, and the writer's own writes
    /// queue behind that flush on the disk: with passes 1 s apart the webhook p99 at 64
    /// connections was 270-360 ms on the benchmark machine, 50-75 ms with 200 ms.
    static let spacing: Duration = .milliseconds(200)

    private let connection: SQLiteConnection
    private let pool: NIOThreadPool
    private let logger: Logger
    private let commits: AsyncStream<Void>
    private let commitSignal: AsyncStream<Void>.Continuation
    private var loop: Task<Void, Never>?

    /// Takes ownership of `connection` and of the `pool` its calls run on.
    init(connection: SQLiteConnection, pool: NIOThreadPool, logger: Logger) {
        self.connection = connection
        self.pool = pool
        self.logger = logger
        // Commits that arrive during a pass fold into one pending signal.
        (commits, commitSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the checkpointer a transaction committed. Never waits.
    nonisolated func noteCommit() {
        commitSignal.yield()
    }

    /// Starts answering commits with passes until `close()`.
    func start() {
        guard loop == nil else { return }
        loop = Task { [commits] in
            for await _ in commits {
                await self.passLoggingFailure()
                try? await Task.sleep(for: Self.spacing)
            }
        }
    }

    /// Runs one passive checkpoint now.
    func checkpoint() async throws -> Pass {
        let row = try await connection.query("PRAGMA wal_checkpoint(PASSIVE)").first
        return Pass(
            busy: (try row?.int("busy") ?? 0) != 0,
            walFrames: try row?.int("log") ?? 0,
            checkpointedFrames: try row?.int("checkpointed") ?? 0)
    }

    /// Stops the passes, then closes the connection and its thread.
    func close() async {
        commitSignal.finish()
        loop?.cancel()
        await loop?.value
        loop = nil
        try? await connection.close()
        try? await pool.shutdownGracefully()
    }

    private func passLoggingFailure() async {
        do {
            _ = try await checkpoint()
        } catch is CancellationError {
            return  // `close()` stopped the loop during a pass
        } catch {
            logger.warning("background WAL checkpoint failed; the writer's backstop still bounds the WAL",
                           metadata: ["error": "\(error)"])
        }
    }
}

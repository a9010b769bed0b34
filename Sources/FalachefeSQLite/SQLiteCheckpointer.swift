import Logging
import NIOPosix
import SQLiteNIO

/// Copies committed WAL frames into the database file from a connection and a thread of
/// its own, so that the writer does as little of it as possible.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses `wal_autocheckpoint`
/// pages: that commit, and every write queued behind it on the single writer (webhook
/// acknowledgements included), waits while pages are copied and the database file is
/// fsynced. On this project's benchmark machine that stall reached a second (README,
/// Benchmark). Here the writer only signals after a commit; this actor answers with
/// `PRAGMA wal_checkpoint(PASSIVE)`, which waits for neither readers nor the writer, at
/// most once per `spacing`. Once every frame is copied, the next write transaction starts
/// the WAL over from its beginning, so the file stays small.
///
/// Under a steady stream of commits no pass ever copies every frame: the writer appends
/// while it runs. So when the WAL is long (`restartFrames`), passes follow one another,
/// each copying what the writer appended during the one before, until one leaves at most
/// `handOverFrames`; then the writer is asked to checkpoint that remainder itself, between
/// two of its turns, and its next commit starts the WAL over. That short checkpoint is the
/// only one acknowledgements wait for. Before this, the WAL grew to the writer's own
/// `wal_autocheckpoint` of `backstopPages` (kept as a bound in case this falls behind),
/// whose checkpoint copied up to a pass interval of frames: on the benchmark's disk the
/// webhook p99 at 64 connections was 41 ms with it, 17-22 ms with the WAL left to grow.
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

    /// When passes run and when the writer is asked to finish (see the type's comment).
    struct Tuning: Sendable {
        /// Least time between two rounds of passes. Each pass costs two fsyncs (WAL, then
        /// database), but the longer the pause the more pages one pass flushes, and the
        /// writer's own writes queue behind that flush on the disk: with passes 1 s apart
        /// the webhook p99 at 64 connections was 270-360 ms on the benchmark machine,
        /// 50-75 ms with 200 ms.
        var spacing: Duration = .milliseconds(200)
        /// A WAL at least this long after a pass is brought to a restart.
        var restartFrames = 2_000
        /// Frames a pass may leave for the writer's own checkpoint.
        var handOverFrames = 256
        /// Passes in a row before the writer is asked anyway.
        var maxConvergingPasses = 4
    }

    /// The writer's own `wal_autocheckpoint`, in pages (about 80 MiB of WAL): far above the
    /// longest WAL the hand-over lets grow, so that it does not step in first.
    static let backstopPages = 20_000

    private let connection: SQLiteConnection
    private let pool: NIOThreadPool
    private let logger: Logger
    private let commits: AsyncStream<Void>
    private let commitSignal: AsyncStream<Void>.Continuation
    private var loop: Task<Void, Never>?
    private(set) var tuning = Tuning()
    /// Asks the writer to checkpoint between two of its turns (`SQLiteWriter.requestCheckpoint`).
    private var askWriter: @Sendable () -> Void = {}

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

    /// Sets how the writer is asked to finish a long WAL; called once, before `start()`.
    func handOver(to askWriter: @escaping @Sendable () -> Void) {
        self.askWriter = askWriter
    }

    /// Replaces the tuning (tests use small values).
    func tune(_ tuning: Tuning) {
        self.tuning = tuning
    }

    /// Starts answering commits with passes until `close()`.
    func start() {
        guard loop == nil else { return }
        loop = Task { [commits] in
            for await _ in commits {
                await self.round()
                try? await Task.sleep(for: self.tuning.spacing)
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

    /// One pass; for a long WAL, more passes and then the writer's short checkpoint.
    private func round() async {
        guard var pass = await passLoggingFailure(), !pass.busy else { return }
        var passes = 1
        var appended = Int.max
        while pass.walFrames >= tuning.restartFrames, passes < tuning.maxConvergingPasses,
              appended > tuning.handOverFrames {
            guard let next = await passLoggingFailure(), !next.busy else { return }
            passes += 1
            appended = next.walFrames - pass.walFrames
            pass = next
            // A shorter WAL than before: it started over meanwhile.
            guard appended >= 0 else { return }
        }
        guard pass.walFrames >= tuning.restartFrames else { return }
        // Every frame copied and none appended since: the next commit starts over by itself.
        guard appended > 0 || pass.checkpointedFrames < pass.walFrames else { return }
        askWriter()
    }

    private func passLoggingFailure() async -> Pass? {
        do {
            return try await checkpoint()
        } catch is CancellationError {
            return nil  // `close()` stopped the loop during a pass
        } catch {
            logger.warning("background WAL checkpoint failed; the writer's backstop still bounds the WAL",
                           metadata: ["error": "\(error)"])
            return nil
        }
    }
}

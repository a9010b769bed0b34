import FalachefeCore
import Logging
import NIOPosix
import SQLiteNIO

/// The only writer of the database: an actor owning the write connection. Every write of
/// the store goes through it, so transactions never interleave on the connection.
///
/// The actor runs on a thread of its own (a one-thread event loop group used as its
/// executor) and calls SQLite synchronously there (`SQLiteHandle`): a transaction of ten
/// statements costs one hop onto the writer's thread, not ten round trips to a thread
/// pool. Blocking that thread on SQLite is its purpose: no other work runs on it, and no
/// Swift concurrency thread ever waits for a write.
///
/// Group commit: callers enqueue work and suspend; one drain loop runs while work is
/// queued. Each turn it takes up to `maxAcceptBatch` queued accepts and writes them in ONE
/// transaction (see `commitAccepts`), then up to `maxJobGroup` other writes inside ONE
/// `BEGIN IMMEDIATE … COMMIT`;
/// if one of them fails, the group is rolled back and its jobs rerun one by one. Between
/// turns the loop yields, so the calls that queued on the actor meanwhile form the next
/// batch: batches grow with load and an idle store writes a lone message at once (no
/// timer). Every caller resumes only after the commit that holds its write.
actor SQLiteWriter {
    static let maxAcceptBatch = 256
    static let maxJobGroup = 64

    /// A queued accept and the caller waiting for its batch's commit.
    struct PendingAccept {
        var row: InboxInsert
        var continuation: CheckedContinuation<AcceptResult, any Error>
    }

    /// A queued write transaction. `run` performs it and returns how to resume the caller,
    /// which is called only after the group commits; `fail` resumes the caller with an error.
    private struct Job {
        var run: @Sendable (SQLiteHandle) throws -> @Sendable () -> Void
        var fail: @Sendable (any Error) -> Void
    }

    nonisolated let unownedExecutor: UnownedSerialExecutor
    private let thread: MultiThreadedEventLoopGroup
    let logger: Logger
    /// Called after each turn's commits (`SQLiteCheckpointer.noteCommit`); never waits.
    private let afterCommit: @Sendable () -> Void
    /// Opened by `open(path:pragmas:)` on the writer's thread.
    var connection: SQLiteHandle?
    private var accepts: [PendingAccept] = []
    private var jobs: [Job] = []
    private var draining = false
    private var closed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Inbox batches committed so far (observability and tests).
    var acceptBatches = 0
    /// Set by `requestCheckpoint()`: checkpoint at the end of the current turn.
    private var checkpointRequested = false
    /// Checkpoints run at the checkpointer's request (observability and tests).
    private(set) var requestedCheckpoints = 0

    init(logger: Logger, afterCommit: @escaping @Sendable () -> Void = {}) {
        let thread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.thread = thread
        self.unownedExecutor = thread.next().executor.asUnownedSerialExecutor()
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Opens the write connection and applies `pragmas` to it, in order.
    func open(path: String, pragmas: [String]) throws {
        let handle = try SQLiteHandle(path: path)
        for pragma in pragmas { try handle.execute(pragma) }
        connection = handle
    }

    /// Stores one inbox row; returns after the batch holding it has committed.
    func accept(_ row: InboxInsert) async throws -> AcceptResult {
        guard !closed, connection != nil else { throw StoreError.unavailable("store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            accepts.append(PendingAccept(row: row, continuation: continuation))
            startDrainingIfNeeded()
        }
    }

    /// Runs `body` as one write transaction, grouped with others in one commit. A thrown
    /// error rolls back only this body's writes (its group is rerun job by job) and is
    /// rethrown as a `StoreError`.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteHandle) throws -> T) async throws -> T {
        guard !closed, connection != nil else { throw StoreError.unavailable("store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            jobs.append(Job(
                run: { connection in
                    let value = try body(connection)
                    return { continuation.resume(returning: value) }
                },
                fail: { continuation.resume(throwing: StoreError.wrapping($0)) }
            ))
            startDrainingIfNeeded()
        }
    }

    /// Asks for a `PRAGMA wal_checkpoint(PASSIVE)` on the write connection between two
    /// turns (`SQLiteCheckpointer`): with nothing else writing, it copies every remaining
    /// frame, so the next commit starts the WAL over. Never waits.
    nonisolated func requestCheckpoint() {
        Task { await self.checkpointAfterThisTurn() }
    }

    private func checkpointAfterThisTurn() {
        guard !closed else { return }
        checkpointRequested = true
        startDrainingIfNeeded()
    }

    /// The thread stops when the writer goes away, not at `close()`: a call that arrives
    /// after closing still runs, and fails, on it.
    deinit {
        thread.shutdownGracefully { _ in }
    }

    /// Refuses new work, waits for queued work to commit, then closes the connection.
    /// Returns false when the writer was already closed.
    func close() async -> Bool {
        guard !closed else { return false }
        closed = true
        if draining {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        connection?.close()
        connection = nil
        return true
    }

    private func startDrainingIfNeeded() {
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !accepts.isEmpty || !jobs.isEmpty || checkpointRequested {
            guard let connection else { break }
            let wrote = !accepts.isEmpty || !jobs.isEmpty
            if !accepts.isEmpty {
                let count = min(accepts.count, Self.maxAcceptBatch)
                let batch = Array(accepts.prefix(count))
                accepts.removeFirst(count)
                commitAccepts(batch, on: connection)
            }
            if !jobs.isEmpty {
                let count = min(jobs.count, Self.maxJobGroup)
                let group = Array(jobs.prefix(count))
                jobs.removeFirst(count)
                commitJobs(group, on: connection)
            }
            if checkpointRequested {
                checkpointRequested = false
                checkpoint(on: connection)
            }
            // Only after writes: a turn that only checkpointed must not start another round
            // of passes, or an idle store would keep asking for checkpoints.
            if wrote { afterCommit() }
            // Lets the calls queued on the writer's thread during this turn join the next one.
            await Task.yield()
        }
        draining = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func checkpoint(on connection: SQLiteHandle) {
        do {
            try connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            requestedCheckpoints += 1
        } catch {
            logger.warning("writer's WAL checkpoint failed; the background passes go on", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Other writes

    /// Runs a group of jobs in ONE transaction without per-job savepoints. If any job fails,
    /// the whole group is rolled back and every job is run again alone, in its own
    /// transaction, so one failing job never takes the others down.
    private func commitJobs(_ group: [Job], on connection: SQLiteHandle) {
        if group.count > 1, let resumes = runTogether(group, on: connection) {
            for resume in resumes { resume() }
            return
        }
        for job in group {
            do {
                try connection.execute("BEGIN IMMEDIATE")
                let resume = try job.run(connection)
                try connection.execute("COMMIT")
                resume()
            } catch {
                try? connection.execute("ROLLBACK")
                job.fail(error)
            }
        }
    }

    /// All jobs in one transaction; nil (nothing written) if any of them failed.
    private func runTogether(_ group: [Job], on connection: SQLiteHandle) -> [@Sendable () -> Void]? {
        var resumes: [@Sendable () -> Void] = []
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for job in group { resumes.append(try job.run(connection)) }
            try connection.execute("COMMIT")
            return resumes
        } catch {
            try? connection.execute("ROLLBACK")
            logger.debug("grouped write failed; retrying its jobs one by one", metadata: ["jobs": "\(group.count)"])
            return nil
        }
    }
}

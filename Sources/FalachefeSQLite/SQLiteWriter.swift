import FalachefeCore
import Logging
import SQLiteNIO

/// The only writer of the database: an actor owning the write connection. Every write of
/// the store goes through it, so transactions never interleave on the connection.
///
/// Group commit: callers enqueue work and suspend; one drain loop runs while work is
/// queued. Each turn it takes up to `maxAcceptBatch` queued accepts and writes them as ONE
/// multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` (a single statement is a single
/// transaction), then up to `maxJobGroup` other writes inside ONE `BEGIN IMMEDIATE … COMMIT`;
/// if one of them fails, the group is rolled back and its jobs rerun one by one. While a turn awaits
/// SQLite, new calls keep queueing on the actor and form the next batch, so batches grow
/// with load and an idle store writes a lone message at once (no timer). Every caller
/// resumes only after the commit that holds its write.
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
        var run: @Sendable (SQLiteConnection) async throws -> @Sendable () -> Void
        var fail: @Sendable (any Error) -> Void
    }

    let connection: SQLiteConnection
    let logger: Logger
    /// Called after each turn's commits (`SQLiteCheckpointer.noteCommit`); never waits.
    private let afterCommit: @Sendable () -> Void
    private var accepts: [PendingAccept] = []
    private var jobs: [Job] = []
    private var draining = false
    private var closed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Multi-row statements by row count, built once.
    var insertSQL: [Int: String] = [:]
    /// Multi-row inbox statements committed so far (observability and tests).
    var acceptBatches = 0

    init(connection: SQLiteConnection, logger: Logger, afterCommit: @escaping @Sendable () -> Void = {}) {
        self.connection = connection
        self.logger = logger
        self.afterCommit = afterCommit
    }

    /// Stores one inbox row; returns after the batch holding it has committed.
    func accept(_ row: InboxInsert) async throws -> AcceptResult {
        guard !closed else { throw StoreError.unavailable("store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            accepts.append(PendingAccept(row: row, continuation: continuation))
            startDrainingIfNeeded()
        }
    }

    /// Runs `body` as one write transaction (a savepoint inside a group commit). A thrown
    /// error rolls back only this body's writes and is rethrown as a `StoreError`.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        guard !closed else { throw StoreError.unavailable("store is closed") }
        return try await withCheckedThrowingContinuation { continuation in
            jobs.append(Job(
                run: { connection in
                    let value = try await body(connection)
                    return { continuation.resume(returning: value) }
                },
                fail: { continuation.resume(throwing: StoreError.wrapping($0)) }
            ))
            startDrainingIfNeeded()
        }
    }

    /// Refuses new work, waits for queued work to commit, then closes the connection.
    /// Returns false when the writer was already closed.
    func close() async throws -> Bool {
        guard !closed else { return false }
        closed = true
        if draining {
            await withCheckedContinuation { idleWaiters.append($0) }
        }
        try await connection.close()
        return true
    }

    private func startDrainingIfNeeded() {
        guard !draining else { return }
        draining = true
        Task { await self.drain() }
    }

    private func drain() async {
        while !accepts.isEmpty || !jobs.isEmpty {
            if !accepts.isEmpty {
                let count = min(accepts.count, Self.maxAcceptBatch)
                let batch = Array(accepts.prefix(count))
                accepts.removeFirst(count)
                await commitAccepts(batch)
            }
            if !jobs.isEmpty {
                let count = min(jobs.count, Self.maxJobGroup)
                let group = Array(jobs.prefix(count))
                jobs.removeFirst(count)
                await commitJobs(group)
            }
            afterCommit()
        }
        draining = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Other writes

    /// Runs a group of jobs in ONE transaction without per-job savepoints (each statement is
    /// a hop to the SQLite thread, so savepoints would double the cost of a small job). If
    /// any job fails, the whole group is rolled back and every job is run again alone, in
    /// its own transaction, so one failing job never takes the others down.
    private func commitJobs(_ group: [Job]) async {
        if group.count > 1, let resumes = await runTogether(group) {
            for resume in resumes { resume() }
            return
        }
        for job in group {
            do {
                try await connection.execute("BEGIN IMMEDIATE")
                let resume = try await job.run(connection)
                try await connection.execute("COMMIT")
                resume()
            } catch {
                try? await connection.execute("ROLLBACK")
                job.fail(error)
            }
        }
    }

    /// All jobs in one transaction; nil (nothing written) if any of them failed.
    private func runTogether(_ group: [Job]) async -> [@Sendable () -> Void]? {
        var resumes: [@Sendable () -> Void] = []
        do {
            try await connection.execute("BEGIN IMMEDIATE")
            for job in group { resumes.append(try await job.run(connection)) }
            try await connection.execute("COMMIT")
            return resumes
        } catch {
            try? await connection.execute("ROLLBACK")
            logger.debug("grouped write failed; retrying its jobs one by one", metadata: ["jobs": "\(group.count)"])
            return nil
        }
    }
}

import FalachefeCore
import Logging
import SQLiteNIO

/// The only writer of the database: an actor owning the write connection. Every write of
/// the store goes through it, so transactions never interleave on the connection.
///
/// Group commit: callers enqueue work and suspend; one drain loop runs while work is
/// queued. Each turn it takes up to `maxAcceptBatch` queued accepts and writes them as ONE
/// multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` (a single statement is a single
/// transaction), then up to `maxJobGroup` other writes inside ONE `BEGIN IMMEDIATE … COMMIT`,
/// each in its own savepoint so that one failing job rolls back alone. While a turn awaits
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
    private var accepts: [PendingAccept] = []
    private var jobs: [Job] = []
    private var draining = false
    private var closed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Multi-row statements by row count, built once.
    var insertSQL: [Int: String] = [:]
    /// Multi-row inbox statements committed so far (observability and tests).
    var acceptBatches = 0

    init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
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
        }
        draining = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Other writes

    private func commitJobs(_ group: [Job]) async {
        var resumes: [Result<@Sendable () -> Void, any Error>] = []
        do {
            try await connection.execute("BEGIN IMMEDIATE")
            for job in group {
                try await connection.execute("SAVEPOINT job")
                do {
                    let resume = try await job.run(connection)
                    try await connection.execute("RELEASE job")
                    resumes.append(.success(resume))
                } catch {
                    try await connection.execute("ROLLBACK TO job")
                    try await connection.execute("RELEASE job")
                    resumes.append(.failure(error))
                }
            }
            try await connection.execute("COMMIT")
        } catch {
            // The group as a whole failed (BEGIN, savepoint handling or COMMIT): nothing of
            // it was written, so every caller gets the error.
            try? await connection.execute("ROLLBACK")
            logger.error("write transaction failed", metadata: ["jobs": "\(group.count)", "error": "\(error)"])
            for job in group { job.fail(error) }
            return
        }
        for (job, resume) in zip(group, resumes) {
            switch resume {
            case .success(let resume): resume()
            case .failure(let error): job.fail(error)
            }
        }
    }
}

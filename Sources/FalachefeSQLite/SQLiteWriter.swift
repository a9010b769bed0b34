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
    private struct PendingAccept {
        var row: InboxInsert
        var continuation: CheckedContinuation<AcceptResult, any Error>
    }

    /// A queued write transaction. `run` performs it and returns how to resume the caller,
    /// which is called only after the group commits; `fail` resumes the caller with an error.
    private struct Job {
        var run: @Sendable (SQLiteConnection) async throws -> @Sendable () -> Void
        var fail: @Sendable (any Error) -> Void
    }

    private let connection: SQLiteConnection
    private let logger: Logger
    private var accepts: [PendingAccept] = []
    private var jobs: [Job] = []
    private var draining = false
    private var closed = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var insertSQL: [Int: String] = [:]
    /// Multi-row inbox statements committed so far (observability and tests).
    private(set) var acceptBatches = 0

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
                await commit(batch)
            }
            if !jobs.isEmpty {
                let count = min(jobs.count, Self.maxJobGroup)
                let group = Array(jobs.prefix(count))
                jobs.removeFirst(count)
                await commit(group)
            }
        }
        draining = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Accept batches

    private func commit(_ batch: [PendingAccept]) async {
        // A repeated key inside the batch is a duplicate of its first occurrence.
        var seen = Set<InboxInsert.Key>()
        let unique = batch.filter { seen.insert($0.row.key).inserted }
        var outcomes: [InboxInsert.Key: Result<AcceptResult, StoreError>]
        do {
            let stored = try await insert(unique.map(\.row))
            outcomes = Dictionary(uniqueKeysWithValues: unique.map { pending in
                (pending.row.key, .success(stored[pending.row.key].map { .stored(sequence: $0) } ?? .duplicate))
            })
        } catch {
            logger.warning("inbox batch insert failed; retrying row by row", metadata: [
                "rows": "\(unique.count)", "error": "\(error)",
            ])
            outcomes = await insertOneByOne(unique.map(\.row))
        }
        var answered = Set<InboxInsert.Key>()
        for pending in batch {
            let outcome = outcomes[pending.row.key] ?? .failure(.unavailable("inbox row lost"))
            let first = answered.insert(pending.row.key).inserted
            switch outcome {
            case .success(let result): pending.continuation.resume(returning: first ? result : .duplicate)
            case .failure(let error): pending.continuation.resume(throwing: error)
            }
        }
    }

    /// Inserts rows with one statement; returns the sequences of the rows actually inserted.
    private func insert(_ rows: [InboxInsert]) async throws -> [InboxInsert.Key: Int64] {
        let sql: String
        if let cached = insertSQL[rows.count] {
            sql = cached
        } else {
            sql = InboxInsert.sql(rows: rows.count)
            insertSQL[rows.count] = sql
        }
        let result = try await connection.query(sql, rows.flatMap(\.binds))
        acceptBatches += 1
        var stored: [InboxInsert.Key: Int64] = [:]
        for row in result {
            let key = InboxInsert.Key(tenantID: try row.text("company_id"), messageID: try row.text("message_id"))
            stored[key] = try row.int64("sequence")
        }
        return stored
    }

    /// The slow path after a failed batch (for example a row for an unknown tenant): every
    /// row gets its own statement inside one transaction, so only the bad rows fail.
    private func insertOneByOne(_ rows: [InboxInsert]) async -> [InboxInsert.Key: Result<AcceptResult, StoreError>] {
        var outcomes: [InboxInsert.Key: Result<AcceptResult, StoreError>] = [:]
        do {
            try await connection.execute("BEGIN IMMEDIATE")
            for row in rows {
                do {
                    let stored = try await insert([row])
                    outcomes[row.key] = .success(stored[row.key].map { .stored(sequence: $0) } ?? .duplicate)
                } catch {
                    outcomes[row.key] = .failure(StoreError.wrapping(error))
                }
            }
            try await connection.execute("COMMIT")
            return outcomes
        } catch {
            try? await connection.execute("ROLLBACK")
            let failure = StoreError.wrapping(error)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, .failure(failure)) })
        }
    }

    // MARK: Other writes

    private func commit(_ group: [Job]) async {
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

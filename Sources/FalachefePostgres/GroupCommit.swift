import FalachefeCore

/// Group commit: callers submit items and suspend; a drain loop hands up to `maxBatch`
/// queued items at a time to `commit` (one transaction, one commit to wait for), then
/// resumes each caller with its own result. While every loop (`lanes` at most) has a
/// batch in flight, new items queue up and form the next one, so batches grow with load
/// and a lone item is written at once. One lane keeps batches in submission order.
/// Used for inbox accepts (`PostgresAcceptBatcher`) and processing outcomes (`complete`).
actor GroupCommit<Item: Sendable, Value: Sendable> {
    /// Writes one batch; returns one result per item, in the items' order.
    typealias Commit = @Sendable ([Item]) async -> [Result<Value, any Error>]

    private struct Pending {
        var item: Item
        var continuation: CheckedContinuation<Value, any Error>
    }

    let maxBatch: Int
    let lanes: Int
    private let commit: Commit
    private var pending: [Pending] = []
    private var draining = 0

    init(maxBatch: Int, lanes: Int = 1, commit: @escaping Commit) {
        self.maxBatch = max(maxBatch, 1)
        self.lanes = max(lanes, 1)
        self.commit = commit
    }

    /// Items waiting for a batch (not those in flight).
    var queued: Int { pending.count }

    /// Queues `item` and returns its result once the batch holding it was written.
    func submit(_ item: Item) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(item: item, continuation: continuation))
            guard draining < lanes else { return }
            draining += 1
            Task { await self.drain() }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let results = await commit(batch.map(\.item))
            for (index, waiter) in batch.enumerated() {
                waiter.continuation.resume(
                    with: index < results.count ? results[index] : .failure(StoreError.unavailable("no result for a batched write")))
            }
        }
        draining -= 1
    }
}

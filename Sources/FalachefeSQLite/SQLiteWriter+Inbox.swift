import FalachefeCore
import Logging
import SQLiteNIO

/// Group commit of inbox rows: one transaction per batch, one kept single-row statement
/// per row.
///
/// A row SQLite refuses (a row for an unknown tenant, say) fails only its own statement:
/// SQLite rolls back the failing statement, not the transaction, so the other rows of the
/// batch still commit. A repeated key, inside the batch or from an earlier one, inserts
/// nothing and is answered as a duplicate.
extension SQLiteWriter {
    /// Writes one batch of accepts and resumes its callers after the commit.
    func commitAccepts(_ batch: [PendingAccept], on connection: SQLiteHandle) {
        var outcomes: [Result<AcceptResult, any Error>] = []
        outcomes.reserveCapacity(batch.count)
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for pending in batch {
                outcomes.append(Result { try insert(pending.row, on: connection) })
            }
            try connection.execute("COMMIT")
            acceptBatches += 1
        } catch {
            try? connection.execute("ROLLBACK")
            logger.warning("inbox batch could not commit", metadata: ["rows": "\(batch.count)", "error": "\(error)"])
            let failure = StoreError.wrapping(error)
            for pending in batch { pending.continuation.resume(throwing: failure) }
            return
        }
        for (pending, outcome) in zip(batch, outcomes) {
            pending.continuation.resume(with: outcome.mapError(StoreError.wrapping))
        }
    }

    /// Inserts one row; `.duplicate` when its key is already stored.
    private func insert(_ row: InboxInsert, on connection: SQLiteHandle) throws -> AcceptResult {
        guard let sequence = try connection.insertRow(InboxInsert.sql, row.binds) else { return .duplicate }
        return .stored(sequence: sequence)
    }
}

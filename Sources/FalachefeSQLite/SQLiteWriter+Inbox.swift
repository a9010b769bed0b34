import FalachefeCore
import Logging
import SQLiteNIO

/// Group commit of inbox rows: one multi-row statement per batch, row by row on failure.
extension SQLiteWriter {
    /// Writes one batch of accepts and resumes its callers.
    func commitAccepts(_ batch: [PendingAccept], on connection: SQLiteHandle) {
        // A repeated key inside the batch is a duplicate of its first occurrence.
        var seen = Set<InboxInsert.Key>()
        let unique = batch.filter { seen.insert($0.row.key).inserted }
        var outcomes: [InboxInsert.Key: Result<AcceptResult, StoreError>]
        do {
            let stored = try insert(unique.map(\.row), on: connection)
            outcomes = Dictionary(uniqueKeysWithValues: unique.map { pending in
                (pending.row.key, .success(stored[pending.row.key].map { .stored(sequence: $0) } ?? .duplicate))
            })
        } catch {
            logger.warning("inbox batch insert failed; retrying row by row", metadata: [
                "rows": "\(unique.count)", "error": "\(error)",
            ])
            outcomes = insertOneByOne(unique.map(\.row), on: connection)
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
    private func insert(_ rows: [InboxInsert], on connection: SQLiteHandle) throws -> [InboxInsert.Key: Int64] {
        let sql: String
        if let cached = insertSQL[rows.count] {
            sql = cached
        } else {
            sql = InboxInsert.sql(rows: rows.count)
            insertSQL[rows.count] = sql
        }
        let result = try connection.query(sql, rows.flatMap(\.binds))
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
    private func insertOneByOne(
        _ rows: [InboxInsert], on connection: SQLiteHandle
    ) -> [InboxInsert.Key: Result<AcceptResult, StoreError>] {
        var outcomes: [InboxInsert.Key: Result<AcceptResult, StoreError>] = [:]
        do {
            try connection.execute("BEGIN IMMEDIATE")
            for row in rows {
                do {
                    let stored = try insert([row], on: connection)
                    outcomes[row.key] = .success(stored[row.key].map { .stored(sequence: $0) } ?? .duplicate)
                } catch {
                    outcomes[row.key] = .failure(StoreError.wrapping(error))
                }
            }
            try connection.execute("COMMIT")
            return outcomes
        } catch {
            try? connection.execute("ROLLBACK")
            let failure = StoreError.wrapping(error)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, .failure(failure)) })
        }
    }
}

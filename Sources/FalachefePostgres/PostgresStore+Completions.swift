import FalachefeCore
import Logging
import PostgresNIO

/// Processing outcomes are group-committed (`GroupCommit`): a batch of completions is one
/// transaction, each outcome's statements run in its own company's scope. Per message this
/// saves a transaction (BEGIN, scope, COMMIT and the commit's flush) and lets
/// completions share a connection instead of each holding one of the pool.
extension PostgresStore {
    /// Completions in one transaction at most.
    static let maxCompletionBatch = 64
    /// Batches of completions in flight at once (connections they hold). One lane made
    /// every completion wait for the batch before it; the outcomes of a batch belong to
    /// different conversations, so lanes need no order between them.
    static let completionLanes = 4

    /// One result per write, in order. A batch the server refused (one outcome's bad
    /// value) is retried one outcome per transaction, so that outcome fails alone; a batch
    /// that found no database fails as a whole (`StoreError.unavailable`).
    static func completeBatch(
        _ writes: [CompletionWrite], connections: PostgresConnectionLeaser, logger: Logger
    ) async -> [Result<CompletionResult, any Error>] {
        do {
            return try await completeTogether(writes, connections: connections, logger: logger).map { .success($0) }
        } catch where writes.count > 1 && StoreError.isStatementRefusal(error) {
            logger.warning("completion batch refused; retrying one outcome at a time", metadata: [
                "outcomes": "\(writes.count)", "error": "\(error)",
            ])
            var results: [Result<CompletionResult, any Error>] = []
            for write in writes {
                do {
                    results.append(.success(try await completeTogether([write], connections: connections, logger: logger)[0]))
                } catch {
                    results.append(.failure(StoreError.wrapping(error)))
                }
            }
            return results
        } catch {
            return writes.map { _ in .failure(StoreError.wrapping(error)) }
        }
    }

    /// Runs `writes` in one transaction, entering each write's company scope (grouped by
    /// company, so a batch of one company's outcomes sets it once). Errors are postgres-nio's.
    private static func completeTogether(
        _ writes: [CompletionWrite], connections: PostgresConnectionLeaser, logger: Logger
    ) async throws -> [CompletionResult] {
        let order = writes.indices.sorted { (writes[$0].tenantID, $0) < (writes[$1].tenantID, $1) }
        return try await connections.withTransaction(logger: logger) { connection in
            var results = [CompletionResult](repeating: .notClosed, count: writes.count)
            var scope: String?
            for index in order {
                let write = writes[index]
                if scope != write.tenantID {
                    try await connection.enter(.tenant(write.tenantID), logger: logger)
                    scope = write.tenantID
                }
                results[index] = try await write.run(on: connection, logger: logger)
            }
            return results
        }
    }
}

import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// Group commit of inbound messages on PostgreSQL, like the SQLite writer's: a batch of up
/// to `maxBatch` queued messages is ONE call of the `accept_inbox` procedure, which inserts
/// them `ON CONFLICT DO NOTHING` and commits (see `GroupCommit`, `insertInbox`). A batch the server refused is retried row by row, so one
/// bad row fails alone; a batch that found no database (outage, lost connection) fails as a
/// whole at once — retrying its rows would only multiply the wait.
struct PostgresAcceptBatcher: Sendable {
    static let maxBatch = 200

    /// Writes one batch; returns the sequence of every row actually inserted, by key.
    typealias Insert = @Sendable ([(InboundMessage, InboxStatus)]) async throws -> [String: Int64]

    private let queue: GroupCommit<(InboundMessage, InboxStatus), AcceptResult>

    init(logger: Logger, insert: @escaping Insert) {
        queue = GroupCommit(maxBatch: Self.maxBatch) { batch in
            await Self.commit(batch, insert: insert, logger: logger)
        }
    }

    /// The dedupe key of a message: its company and uazapi id.
    static func key(_ message: InboundMessage) -> String { message.tenantID + "\u{1F}" + message.messageID }

    func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult {
        try await queue.submit((message, status))
    }

    /// One result per row of `batch`: the first of a key stored (or not, if it already
    /// was), later ones of the same key duplicates.
    private static func commit(
        _ batch: [(InboundMessage, InboxStatus)], insert: Insert, logger: Logger
    ) async -> [Result<AcceptResult, any Error>] {
        var seen = Set<String>()
        let unique = batch.filter { seen.insert(key($0.0)).inserted }
        var outcomes: [String: Result<Int64?, any Error>] = [:]
        do {
            let stored = try await insert(unique)
            for item in unique { outcomes[key(item.0)] = .success(stored[key(item.0)]) }
        } catch where !StoreError.isStatementRefusal(error) {
            logger.warning("inbox batch insert failed: database unreachable", metadata: ["rows": "\(unique.count)", "error": "\(error)"])
            for item in unique { outcomes[key(item.0)] = .failure(error) }
        } catch {
            logger.warning("inbox batch insert failed; retrying row by row", metadata: ["rows": "\(unique.count)", "error": "\(error)"])
            for item in unique {
                let key = key(item.0)
                do {
                    outcomes[key] = .success(try await insert([item])[key])
                } catch {
                    outcomes[key] = .failure(error)
                }
            }
        }
        var answered = Set<String>()
        return batch.map { item in
            let key = key(item.0)
            let first = answered.insert(key).inserted
            switch outcomes[key] ?? .failure(StoreError.unavailable("inbox row lost")) {
            case .success(let sequence?) where first: return .success(.stored(sequence: sequence))
            case .success: return .success(.duplicate)
            case .failure(let error): return .failure(StoreError.wrapping(error))
            }
        }
    }
}

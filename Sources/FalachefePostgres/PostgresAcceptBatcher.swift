import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// Group commit of inbound messages on PostgreSQL, like the SQLite writer's: callers queue
/// and suspend; one drain loop writes up to `maxBatch` queued messages as ONE multi-row
/// `INSERT … ON CONFLICT DO NOTHING RETURNING` (one transaction, one commit to wait for),
/// then resumes each caller with its own outcome. A batch the server refused is retried
/// row by row, so one bad row fails alone; a batch that found no database (outage, lost
/// connection) fails as a whole at once — retrying its rows would only multiply the wait.
/// While a batch is in flight new messages queue up and form the next one, so batches grow
/// with load and a lone message is written at once.
actor PostgresAcceptBatcher {
    static let maxBatch = 200

    struct Pending {
        var message: InboundMessage
        var status: InboxStatus
        var continuation: CheckedContinuation<AcceptResult, any Error>
    }

    /// Writes one batch; returns the sequence of every row actually inserted, by key.
    typealias Insert = @Sendable ([(InboundMessage, InboxStatus)]) async throws -> [String: Int64]

    private let insert: Insert
    private let logger: Logger
    private var pending: [Pending] = []
    private var draining = false

    init(logger: Logger, insert: @escaping Insert) {
        self.insert = insert
        self.logger = logger
    }

    /// The dedupe key of a message: its company and uazapi id.
    static func key(_ message: InboundMessage) -> String { message.tenantID + "\u{1F}" + message.messageID }

    func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(message: message, status: status, continuation: continuation))
            guard !draining else { return }
            draining = true
            Task { await self.drain() }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            await commit(batch)
        }
        draining = false
    }

    private func commit(_ batch: [Pending]) async {
        var seen = Set<String>()
        let unique = batch.filter { seen.insert(Self.key($0.message)).inserted }
        var outcomes: [String: Result<Int64?, any Error>] = [:]
        do {
            let stored = try await insert(unique.map { ($0.message, $0.status) })
            for item in unique { outcomes[Self.key(item.message)] = .success(stored[Self.key(item.message)]) }
        } catch where !StoreError.isStatementRefusal(error) {
            logger.warning("inbox batch insert failed: database unreachable", metadata: ["rows": "\(unique.count)", "error": "\(error)"])
            for item in unique { outcomes[Self.key(item.message)] = .failure(error) }
        } catch {
            logger.warning("inbox batch insert failed; retrying row by row", metadata: ["rows": "\(unique.count)", "error": "\(error)"])
            for item in unique {
                let key = Self.key(item.message)
                do {
                    outcomes[key] = .success(try await insert([(item.message, item.status)])[key])
                } catch {
                    outcomes[key] = .failure(error)
                }
            }
        }
        var answered = Set<String>()
        for item in batch {
            let key = Self.key(item.message)
            let first = answered.insert(key).inserted
            switch outcomes[key] ?? .failure(StoreError.unavailable("inbox row lost")) {
            case .success(let sequence?) where first: item.continuation.resume(returning: .stored(sequence: sequence))
            case .success: item.continuation.resume(returning: .duplicate)
            case .failure(let error): item.continuation.resume(throwing: StoreError.wrapping(error))
            }
        }
    }
}

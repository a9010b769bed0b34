import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// The writes of one processing outcome (`complete`): closing its pending inbox row,
/// queueing its replies in the outbox (part = index) and the crew's effects. Without a
/// conversation state among them, the conversation's current agent follows the first
/// reply, appending to its `handoff_history` when the agent changes.
struct CompletionWrite: Sendable {
    let outcome: ProcessingOutcome
    private let effects: CrewEffectsWrite

    /// Refuses effects naming another company than the outcome's (`StoreError.conflict`).
    init(_ outcome: ProcessingOutcome) throws {
        self.outcome = outcome
        effects = try CrewEffectsWrite(outcome.crew, tenantID: outcome.tenantID, at: outcome.at)
    }

    var tenantID: String { outcome.tenantID }

    /// Runs the writes in a transaction already scoped to the outcome's company. Writes
    /// nothing (`notClosed`) when the inbox row is no longer pending (another completion
    /// closed it: the row lock made this one wait, then find it closed), or when another
    /// node than the outcome's `claimedBy` holds its claim now (this node's lease lapsed and
    /// the other node took the message over: its outcome is the one that counts). With an
    /// `onboardingWindow`, the replies are queued only if this write wins the claim.
    func run(on connection: PostgresConnection, logger: Logger) async throws -> CompletionResult {
        let at = outcome.at.timestamp
        let tenant = outcome.tenantID
        let phone = PhoneNumber.canonical(outcome.replyTo)
        var agent = outcome.replies.first?.agent
        let close = CloseInboxRow(
            status: outcome.status.rawValue, agent: agent, error: outcome.error, processedAt: at, tenantID: tenant,
            sequence: outcome.sequence, claimedBy: outcome.claimedBy)
        let closed = try await connection.rows(close, logger: logger) { try $0.int64("sequence") }
        guard closed.count == 1 else { return .notClosed }
        // The claim after the close: the batch shares one transaction, so a claim taken for
        // a row that then turned out closed would commit with the others.
        var queued = true
        if let window = outcome.onboardingWindow {
            let claim = ClaimOnboarding(
                tenantID: tenant, phone: phone, now: at, windowStart: outcome.at.addingTimeInterval(-window).timestamp)
            queued = try await !connection.rows(claim, logger: logger) { try $0.date("last_sent_at") }.isEmpty
            if !queued, agent != nil {
                // No reply goes out: the row answered by no agent, as when there is none.
                try await connection.execute(
                    "UPDATE inbox SET agent = NULL WHERE company_id = \(tenant) AND sequence = \(outcome.sequence)",
                    logger: logger)
                agent = nil
            }
        }
        if queued {
            try await PostgresStore.insertReplies(
                outcome.replies, tenantID: tenant, phone: outcome.replyTo, inReplyTo: outcome.messageID,
                at: outcome.at, on: connection, logger: logger
            )
        }
        try await effects.write(on: connection, logger: logger)
        if !effects.hasConversation {
            try await connection.run(FollowReplyAgent(tenantID: tenant, phone: phone, agent: agent, at: at), logger: logger)
        }
        return CompletionResult(closed: true, repliesQueued: queued)
    }
}

/// Closes a pending inbox row with its outcome (see `CompletionWrite.run`).
struct CloseInboxRow: PreparedRowStatement {
    static let sql = """
        UPDATE inbox SET status = $1, agent = $2, error = $3, processed_at = $4
        WHERE company_id = $5 AND sequence = $6 AND status = 'pending'
          AND ($7::text IS NULL OR claimed_by IS NULL OR claimed_by = $7)
        RETURNING sequence
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .timestamptz, .text, .int8, .text]

    var status: String
    var agent: String?
    var error: String?
    var processedAt: Timestamp
    var tenantID: String
    var sequence: Int64
    var claimedBy: String?

    func makeBindings() throws -> PostgresBindings {
        PostgresBindings(status, agent, error, processedAt, tenantID, sequence, claimedBy)
    }
}

import Foundation
import Logging

/// A person's decision on a conversation marked `requires_human_approval`.
public enum ApprovalDecision: String, Sendable, Hashable, CaseIterable {
    case approved
    case rejected
}

/// Why a decision could not be applied.
public enum ApprovalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The conversation does not await a decision.
    case nothingPending
    /// A message of the conversation is being processed right now; try again.
    case conversationBusy

    public var description: String {
        switch self {
        case .nothingPending: "the conversation does not await approval"
        case .conversationBusy: "a message of this conversation is being processed; try again"
        }
    }
}

extension TenantActor {
    /// Applies a person's decision: an approved expense is booked (keyed by the message
    /// that asked for it, in the transaction that tells the user) and the user is told
    /// either way; the conversation's approval status becomes `approved` or `rejected`. The
    /// conversation is held meanwhile, so none of its messages runs against a stale state.
    public func resolveApproval(phone: String, decision: ApprovalDecision) async throws -> ConversationState {
        await awaitPredecessor()
        let canonical = PhoneNumber.canonical(phone)
        let key = ConversationKey(tenantID: tenantID, phone: canonical)
        guard queue.reserve(key) else { throw ApprovalError.conversationBusy }
        defer {
            queue.release(key)
            schedule()
        }
        let now = services.clock.now()
        // With a shared store a node may be answering a message of this conversation from the
        // state before the decision; decide once it is done (also checked when writing).
        if let sharedWork, try await sharedWork.conversationIsClaimed(tenantID: tenantID, phone: canonical, now: now) {
            throw ApprovalError.conversationBusy
        }
        // With a shared store another node may have answered since: read the truth.
        var loaded = sharedWork == nil ? conversations.value(for: canonical) : nil
        if loaded == nil { loaded = try await services.store.conversationState(tenantID: tenantID, phone: canonical) }
        guard var state = loaded, state.humanApprovalStatus == .pending else { throw ApprovalError.nothingPending }
        // One key per decision: the pending booking's message, else the moment of the decision.
        let decisionKey = "approval:\(state.id):\(state.pendingAction?.sourceMessageID ?? "\(Int64(now.timeIntervalSince1970 * 1000))")"
        var replies: [Reply] = []
        var booked: [LedgerEntry] = []
        if let pending = state.pendingAction, pending.requiresHumanApproval {
            let (reply, entry) = try await decide(pending, decision: decision, phone: phone, state: state, now: now)
            replies = [reply]
            booked = entry.map { [$0] } ?? []
            state.pendingAction = nil
        }
        state.requiresHumanApproval = false
        state.humanApprovalStatus = decision == .approved ? .approved : .rejected
        state.updatedAt = now
        let parts = replies.flatMap { reply in ReplyFormatter.parts(reply.text).map { Reply(text: $0, agent: reply.agent) } }
        do {
            try await services.store.resolveApproval(ApprovalResolution(
                conversation: state, replyTo: phone, replies: parts, key: decisionKey, at: now, ledgerEntries: booked))
        } catch StoreError.conflict {
            // A node claimed a message of the conversation between the check above and this
            // write (a few milliseconds): nothing was written, the booking included.
            throw ApprovalError.conversationBusy
        }
        conversations.set(state, for: canonical)
        if !parts.isEmpty {
            outboxPending += parts.count
            if canSend { nextOutboxAttempt = now }
            scheduleFlush()
        }
        logger.info("approval decided", metadata: ["decision": .string(decision.rawValue), "conversation.id": .string(PhoneNumber.mask(phone))])
        return state
    }

    /// Words the reply and, when approved, the entry to book with it.
    private func decide(
        _ pending: PendingAction, decision: ApprovalDecision, phone: String, state: ConversationState, now: Date
    ) async throws -> (Reply, LedgerEntry?) {
        let amount = BRL.format(cents: pending.amountCents ?? 0)
        let category = pending.category ?? FinanceCategory.outros.rawValue
        guard decision == .approved else {
            let text = "A despesa de \(amount) em \(category) não foi aprovada pela equipe e não foi registrada."
            return (Reply(text: text, agent: "financial"), nil)
        }
        guard let user = try await registeredUser(phone: phone) else { throw ApprovalError.nothingPending }
        let today = LedgerDay.of(now, in: services.configuration.timeZone)
        let message = InboundMessage(
            tenantID: tenantID, messageID: pending.sourceMessageID, senderPhone: phone, text: pending.description,
            sentAt: pending.createdAt, receivedAt: pending.createdAt)
        let request = CrewRequest(tenant: tenant, user: user, message: message, today: today, now: now, conversation: state)
        var desk = FinancialDesk(store: services.store, request: request)
        let booking = try await desk.book(
            pending.tool == .addExpense ? .expense : .income, amountCents: pending.amountCents ?? 0, category: pending.category,
            day: pending.day, description: pending.description, key: pending.sourceMessageID)
        return (Reply(text: "Aprovado pela equipe. " + FinancialReplies.booked(booking, today: today), agent: "financial"), booking.entry)
    }
}

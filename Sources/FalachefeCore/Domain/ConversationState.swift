import Foundation

/// The crew's state of one conversation (`conversations` row): who is answering, what is
/// pending, and how it got there. Committed atomically with the reply it led to.
public struct ConversationState: Sendable, Hashable, Codable {
    public var id: String
    public var tenantID: String
    /// Canonical phone of the sender.
    public var phone: String
    public var userID: String?
    public var currentAgent: AgentRole?
    public var handoffHistory: [HandoffRecord]
    public var pendingAction: PendingAction?
    public var requiresHumanApproval: Bool
    public var humanApprovalStatus: HumanApprovalStatus
    public var updatedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), tenantID: String, phone: String, userID: String? = nil,
        currentAgent: AgentRole? = nil, handoffHistory: [HandoffRecord] = [], pendingAction: PendingAction? = nil,
        requiresHumanApproval: Bool = false, humanApprovalStatus: HumanApprovalStatus = .notRequired,
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.phone = phone
        self.userID = userID
        self.currentAgent = currentAgent
        self.handoffHistory = handoffHistory
        self.pendingAction = pendingAction
        self.requiresHumanApproval = requiresHumanApproval
        self.humanApprovalStatus = humanApprovalStatus
        self.updatedAt = updatedAt
    }

    /// Longest `handoffHistory` kept; older entries are dropped first.
    public static let handoffHistoryLimit = 50
}

/// The seed's `human_approval_status`.
public enum HumanApprovalStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case notRequired = "not_required"
    case pending
    case approved
    case rejected
}

/// One entry of `handoff_history`.
public struct HandoffRecord: Sendable, Hashable, Codable {
    public var from: AgentRole?
    public var to: AgentRole
    public var reason: String
    /// The short summary of the conversation handed to the new agent.
    public var summary: String
    public var at: Date

    public init(from: AgentRole?, to: AgentRole, reason: String, summary: String, at: Date) {
        self.from = from
        self.to = to
        self.reason = reason
        self.summary = summary
        self.at = at
    }
}

/// A `handoff_history` entry as a store reads it back. Entries written before the crew
/// state existed (`{"from", "to", "at"}`, agents as reply labels) have no reason nor
/// summary; entries whose target is not an agent role are skipped (`record` is nil).
public struct StoredHandoffRecord: Decodable, Sendable {
    var from: String?
    var to: String
    var reason: String?
    var summary: String?
    var at: Date

    public var record: HandoffRecord? {
        guard let target = AgentRole(rawValue: to) else { return nil }
        return HandoffRecord(from: from.flatMap(AgentRole.init), to: target, reason: reason ?? "", summary: summary ?? "", at: at)
    }
}

/// A booking the financial agent started and could not finish in one message: it waits
/// for what is missing (amount, category, date) or for the user's confirmation.
public struct PendingAction: Sendable, Hashable, Codable {
    public enum Tool: String, Sendable, Hashable, Codable {
        case addExpense = "add_expense"
        case addIncome = "add_income"
    }

    public var tool: Tool
    public var amountCents: Int64?
    public var category: String?
    public var day: LedgerDay?
    public var description: String
    /// The message that started the action: the ledger's idempotency key when it books.
    public var sourceMessageID: String
    /// Everything is known; the next "sim" books it, "não" drops it.
    public var awaitingConfirmation: Bool
    /// Above the company's approval threshold: booked only once a person approves.
    public var requiresHumanApproval: Bool
    public var createdAt: Date

    public init(
        tool: Tool, amountCents: Int64? = nil, category: String? = nil, day: LedgerDay? = nil, description: String,
        sourceMessageID: String, awaitingConfirmation: Bool = false, requiresHumanApproval: Bool = false,
        createdAt: Date
    ) {
        self.tool = tool
        self.amountCents = amountCents
        self.category = category
        self.day = day
        self.description = description
        self.sourceMessageID = sourceMessageID
        self.awaitingConfirmation = awaitingConfirmation
        self.requiresHumanApproval = requiresHumanApproval
        self.createdAt = createdAt
    }

    /// A booking left waiting longer than this is forgotten: a "sim" days later is not an
    /// answer to it. One awaiting a person's approval never expires.
    public static let lifetime: TimeInterval = 24 * 3600

    /// Whether the user's answer to this action is overdue at `now`.
    public func isExpired(at now: Date) -> Bool {
        !requiresHumanApproval && now.timeIntervalSince(createdAt) > Self.lifetime
    }

    /// What the user still has to say, in the order it is asked.
    public var missing: [Field] {
        var fields: [Field] = []
        if amountCents == nil { fields.append(.amount) }
        if category == nil { fields.append(.category) }
        return fields
    }

    public enum Field: String, Sendable, Hashable, Codable {
        case amount
        case category
    }
}

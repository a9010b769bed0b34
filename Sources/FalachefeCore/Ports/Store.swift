import Foundation

/// Durable storage of everything the runtime must not lose. Implemented by the SQLite
/// adapter (embedded) and the PostgreSQL adapter (production); both pass one contract suite.
public protocol Store: CrewStore {
    // MARK: Tenants and instances
    /// Creates a company, its instance and its default crew. Throws `StoreError.conflict`
    /// when the slug or the instance owner is taken.
    func createTenant(_ tenant: Tenant, instance: Instance) async throws
    func tenant(id: String) async throws -> Tenant?
    /// Finds a tenant by slug, or by id.
    func tenant(slugOrID: String) async throws -> Tenant?
    func tenants() async throws -> [Tenant]
    func setStatus(tenantID: String, status: TenantStatus, reason: String?) async throws
    func instance(owner: String) async throws -> Instance?
    func instance(tenantID: String) async throws -> Instance?

    // MARK: Users
    /// Registers a user. Throws `StoreError.conflict` when the phone already matches one.
    func addUser(_ user: CompanyUser) async throws
    func users(tenantID: String) async throws -> [CompanyUser]

    // MARK: Admin tokens
    func createAdminToken(_ token: AdminToken) async throws
    /// The token whose hash is `hash`, if any.
    func adminToken(hash: String) async throws -> AdminToken?

    // MARK: Inbox
    /// Durably stores an inbound message (group commit allowed: returns once committed).
    func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult
    /// Pending messages of a tenant, oldest first.
    func pendingInbox(tenantID: String, limit: Int) async throws -> [InboxRecord]
    func pendingCount(tenantID: String) async throws -> Int
    /// Tenants that have pending inbox rows (for replay at start).
    func tenantsWithPendingInbox() async throws -> [String]
    /// Atomically writes the replies to the outbox, logs them and closes the inbox row.
    /// Writes nothing (`closed` false) when the row was already closed. An outcome with an
    /// `onboardingWindow` queues its replies only if no onboarding reply went to the sender
    /// within it, recording this one in the same transaction.
    func complete(_ outcome: ProcessingOutcome) async throws -> CompletionResult

    // MARK: Outbox
    /// The oldest pending replies of a tenant, in order, whatever their due time.
    func pendingOutbox(tenantID: String, limit: Int) async throws -> [OutboxRecord]
    func tenantsWithPendingOutbox() async throws -> [String]
    func markSent(outboxID: Int64, providerMessageID: String?, at: Date) async throws
    func deferOutbox(outboxID: Int64, attempts: Int, nextAttemptAt: Date, error: String) async throws
    func markFailed(outboxID: Int64, error: String) async throws
    /// Applies a delivery receipt to the tenant's sent messages; returns how many changed.
    func recordReceipt(tenantID: String, providerMessageIDs: [String], status: OutboxStatus) async throws -> Int

    // MARK: Conversations, onboarding, audit
    func conversation(tenantID: String, phone: String, limit: Int) async throws -> [ConversationEntry]
    func audit(_ entry: AuditEntry) async throws
    func auditLog(tenantID: String?, limit: Int) async throws -> [AuditEntry]
    /// Deletes closed inbox rows older than `before` (dedupe keeps at least 7 days).
    func pruneInbox(before: Date) async throws -> Int
    /// Cheap round trip used by readiness.
    func ping() async throws
}

/// The part of the store the financial agent's tools read. Entries are written only with
/// the reply that confirms them (`CrewEffects.ledgerEntries`, `ApprovalResolution`).
public protocol LedgerStore: Sendable {
    func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary
    func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry]
}

/// Result of storing an inbound message.
public enum AcceptResult: Sendable, Hashable {
    case stored(sequence: Int64)
    case duplicate
}

/// What processing one inbox row produced, committed in one transaction.
public struct ProcessingOutcome: Sendable, Hashable {
    public var tenantID: String
    public var sequence: Int64
    public var messageID: String
    public var status: InboxStatus
    /// Where replies go: the sender's phone digits.
    public var replyTo: String
    /// Reply parts in order (already split and escaped for UAZ).
    public var replies: [Reply]
    public var error: String?
    public var at: Date
    /// The crew's writes for this message, committed with it.
    public var crew: CrewEffects
    /// With a shared store (`SharedWorkStore`), the node whose claim the message was
    /// processed under: the outcome commits only while no other node has claimed the row
    /// since (a node whose lease lapsed under load must not close what another node now
    /// holds). Nil without claims.
    public var claimedBy: String?
    /// Set when `replies` are the onboarding reply to an unknown sender: they are queued only
    /// if none went to this sender (any spelling of the number) within this many seconds,
    /// and the claim is recorded in the completion's transaction — one write per message
    /// from an unknown number, not a claim and then a completion.
    public var onboardingWindow: TimeInterval?

    public init(
        tenantID: String, sequence: Int64, messageID: String, status: InboxStatus, replyTo: String,
        replies: [Reply], error: String? = nil, at: Date, crew: CrewEffects = CrewEffects(), claimedBy: String? = nil,
        onboardingWindow: TimeInterval? = nil
    ) {
        self.crew = crew
        self.claimedBy = claimedBy
        self.onboardingWindow = onboardingWindow
        self.tenantID = tenantID
        self.sequence = sequence
        self.messageID = messageID
        self.status = status
        self.replyTo = replyTo
        self.replies = replies
        self.error = error
        self.at = at
    }
}

/// What `Store.complete` wrote.
public struct CompletionResult: Sendable, Hashable {
    /// The inbox row was pending and is now closed with the outcome. False: nothing was
    /// written (another completion closed it, or another node holds its claim).
    public var closed: Bool
    /// The outcome's replies were queued in the outbox: false when not `closed`, and when
    /// its onboarding claim found an onboarding reply within the window.
    public var repliesQueued: Bool

    public init(closed: Bool, repliesQueued: Bool) {
        self.closed = closed
        self.repliesQueued = closed && repliesQueued
    }

    /// Nothing written.
    public static let notClosed = CompletionResult(closed: false, repliesQueued: false)
}

/// One line of a conversation as operators see it.
public struct ConversationEntry: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Codable {
        case inbound = "in"
        case outbound = "out"
    }

    public var direction: Direction
    public var text: String
    public var agent: String?
    public var status: String
    public var at: Date

    public init(direction: Direction, text: String, agent: String?, status: String, at: Date) {
        self.direction = direction
        self.text = text
        self.agent = agent
        self.status = status
        self.at = at
    }
}

/// An admin action, written to `audit_logs`.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var tenantID: String?
    public var actor: String
    public var action: String
    public var detail: String?
    public var at: Date

    public init(tenantID: String?, actor: String, action: String, detail: String?, at: Date) {
        self.tenantID = tenantID
        self.actor = actor
        self.action = action
        self.detail = detail
        self.at = at
    }
}

/// Store failures the domain can act on.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case conflict(String)
    case notFound(String)
    case unavailable(String)
    case migration(String)

    public var description: String {
        switch self {
        case .conflict(let what): "conflict: \(what)"
        case .notFound(let what): "not found: \(what)"
        case .unavailable(let why): "store unavailable: \(why)"
        case .migration(let why): "migration failed: \(why)"
        }
    }
}

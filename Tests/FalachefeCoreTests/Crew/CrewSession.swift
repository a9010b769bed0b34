import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation

/// One user's conversation with a company's crew over a real SQLite store, carrying the
/// conversation state, memories and turns between messages the way the tenant actor does:
/// each message is stored in the inbox first and its outcome — reply and crew effects,
/// bookings included — committed in one transaction.
actor CrewSession {
    static let today = LedgerDay(year: 2026, month: 11, day: 29)
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    let store: SQLiteStore
    private(set) var tenant: Tenant
    private(set) var user: CompanyUser
    let llm: LLMEngine?
    private(set) var conversation: ConversationState?
    private(set) var memories: [CrewMemory] = []
    private var turns: [ConversationEntry] = []
    private var counter = 0
    /// The session's clock: starts at `CrewSession.now`, moved by `send(after:)`.
    private(set) var now = CrewSession.now

    init(store: SQLiteStore, tenant: Tenant, user: CompanyUser, llm: LLMEngine? = nil) {
        self.store = store
        self.tenant = tenant
        self.user = user
        self.llm = llm
    }

    /// Creates the company (with its default crew) and its user in `store`.
    static func start(
        _ store: SQLiteStore, slug: String = "padaria", settings: TenantSettings = TenantSettings(),
        role: CompanyUser.Role = .admin, llm: LLMEngine? = nil
    ) async throws -> CrewSession {
        let tenant = Tenant(id: "t-\(slug)", slug: slug, name: "Padaria Pão Quente", settings: settings)
        try await store.createTenant(tenant, instance: Instance(tenantID: tenant.id, owner: "owner-\(slug)", token: "token-\(slug)", baseURL: ""))
        let user = CompanyUser(id: "u-\(slug)", tenantID: tenant.id, name: "João da Silva", phone: "5511900000001", role: role)
        try await store.addUser(user)
        return CrewSession(store: store, tenant: tenant, user: user, llm: llm)
    }

    /// Sends `text` (with `id` as its message id) and keeps what the crew decided.
    @discardableResult
    func send(
        _ text: String, id: String? = nil, kind: InboundMessage.Kind = .text, after elapsed: TimeInterval = 0,
        model: some LanguageModel = BuiltinLanguageModel()
    ) async throws -> CrewOutcome {
        now = now.addingTimeInterval(elapsed)
        counter += 1
        let message = InboundMessage(
            tenantID: tenant.id, messageID: id ?? "msg-\(counter)", senderPhone: user.phone, text: text, kind: kind,
            sentAt: now, receivedAt: now)
        let agents = try await store.crewAgents(tenantID: tenant.id)
        let request = CrewRequest(
            tenant: tenant, user: user, message: message, today: Self.today, now: now, conversation: conversation,
            agents: agents, memories: memories, recentTurns: turns)
        guard case .stored(let sequence) = try await store.accept(message, status: .pending) else {
            throw StoreError.conflict("message \(message.messageID) was already received")
        }
        let outcome = try await Crew(model: model, store: store, llm: llm).respond(to: request)
        let committed = try await store.complete(ProcessingOutcome(
            tenantID: tenant.id, sequence: sequence, messageID: message.messageID, status: .processed,
            replyTo: user.phone, replies: [outcome.reply], at: now, crew: outcome.effects))
        guard committed.closed else { throw StoreError.notFound("pending inbox row \(sequence)") }
        conversation = outcome.effects.conversation
        for memory in outcome.effects.memories {
            if let index = memories.firstIndex(where: { $0.id == memory.id }) { memories[index] = memory } else { memories.append(memory) }
        }
        turns.append(ConversationEntry(direction: .inbound, text: text, agent: nil, status: "processed", at: now))
        turns.append(ConversationEntry(direction: .outbound, text: outcome.reply.text, agent: outcome.reply.agent, status: "sent", at: now))
        if outcome.profileChanged, let fresh = try await store.tenant(id: tenant.id) {
            tenant = fresh
            user = try await store.users(tenantID: tenant.id).first { $0.id == user.id } ?? user
        }
        return outcome
    }

    /// The company's ledger this month.
    func entries() async throws -> [LedgerEntry] {
        try await store.ledgerEntries(tenantID: tenant.id, from: LedgerDay(year: 2000, month: 1, day: 1), to: Self.today, limit: 1_000)
    }
}

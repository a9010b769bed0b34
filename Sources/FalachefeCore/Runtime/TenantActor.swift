import Foundation
import Logging

/// One company's runtime: its crew, memory cache, circuit breakers, rate limiters, status
/// and work queue. All mutable state of the company lives here; other code asks the actor.
/// Work runs as jobs in the registry's task group; per-conversation order is enforced by
/// `ConversationQueue`, not by actor isolation (an actor is reentrant across `await`).
public actor TenantActor<Services: RuntimeServices> {
    public nonisolated let tenantID: String
    let services: Services
    /// The store as shared by several nodes, when it is one (see `TenantActor+SharedWork`).
    let sharedWork: (any SharedWorkStore)?
    let jobs: JobQueue
    let supervisor: @Sendable (_ tenantID: String, _ failure: String) async -> Void
    var logger: Logger

    var tenant: Tenant
    var instance: Instance
    var status: TenantStatus
    var queue: ConversationQueue
    /// Unprocessed inbox rows (durable), queued or in flight.
    var backlog = 0
    var inFlight = 0
    var outboxPending = 0
    var llmBreaker: CircuitBreaker
    var uazBreaker: CircuitBreaker
    var senderLimiter: KeyedRateLimiter
    var tenantLimiter: TokenBucket
    var outboundLimiter: TokenBucket
    /// The company's users by canonical phone, read once and dropped by `invalidateUsers()`:
    /// a sender who is nobody costs no query (a flood of unknown numbers would otherwise
    /// read the user table once per message). Its size is the company's user count.
    var userDirectory: [String: [CompanyUser]]?
    /// Bumped by `invalidateUsers()`, so a read that started before is not kept.
    var userDirectoryGeneration = 0
    /// Callers waiting for the directory read in flight; nil when none is.
    var userDirectoryWaiters: [CheckedContinuation<[String: [CompanyUser]], any Error>]?
    /// Unknown senders recently sent the onboarding reply (the store holds the truth; this
    /// spares a write per message while the window lasts).
    var onboardedAt: LRUCache<String, Date>
    /// Crew state of recent conversations (canonical phone → state); the store is the truth.
    var conversations: LRUCache<String, ConversationState>
    /// The last answered lines of recent conversations (canonical phone → turns, oldest
    /// first), appended after each commit so that context costs no read per message.
    var turnsCache: LRUCache<String, [ConversationEntry]>
    /// Memories of recent users (user id → memories), written through after each commit.
    var memoryCache: LRUCache<String, [CrewMemory]>
    /// The company's agents as configured; nil until first needed or after an admin change.
    var agents: [CrewAgentProfile]?
    /// LLM spending of the current month, once read from the store.
    var llmSpend: LLMSpend?
    /// A claim round is running / was asked for while one ran (shared store only).
    var claiming = false
    var claimRerun = false
    /// Canonical phone → sequence of the last message of the conversation this node
    /// answered (shared store only): tells whether the cached conversation is current.
    var lastAnswered: LRUCache<String, Int64>
    var needsReplay = false
    /// Message id → times its processing met a store that answered the ping but failed
    /// the call (see `deferForStore`); entries go when the message is done.
    var storeDeferrals: [String: Int] = [:]
    /// Set when the registry dropped this actor; a newer one owns the tenant.
    var retired = false
    /// The retired actor this one replaced; work waits until it drained.
    var predecessor: TenantActor?
    /// Callers of `drain()` waiting for in-flight work to end.
    var drainWaiters: [CheckedContinuation<Void, Never>] = []
    var outboxFlushing = false
    var outboxRerun = false
    /// When the outbox should next be tried; nil when nothing is known to be pending.
    var nextOutboxAttempt: Date?
    /// Replies UAZ accepted whose `markSent` failed: never sent again, recorded later.
    var sentButUnrecorded: [Int64: String?] = [:]
    var lastActivity: Date

    init(
        tenant: Tenant, instance: Instance, services: Services, jobs: JobQueue, predecessor: TenantActor?,
        supervisor: @escaping @Sendable (String, String) async -> Void
    ) {
        self.predecessor = predecessor
        let configuration = services.configuration
        self.tenantID = tenant.id
        self.tenant = tenant
        var instance = instance
        if instance.baseURL.isEmpty { instance.baseURL = services.configuration.defaultUAZBaseURL }
        self.instance = instance
        self.status = tenant.status
        self.services = services
        self.sharedWork = services.store as? any SharedWorkStore
        self.jobs = jobs
        self.supervisor = supervisor
        self.queue = ConversationQueue(bulkhead: configuration.bulkhead)
        self.llmBreaker = CircuitBreaker(configuration: configuration.breaker)
        self.uazBreaker = CircuitBreaker(configuration: configuration.breaker)
        self.senderLimiter = KeyedRateLimiter(capacity: configuration.senderMessagesPerMinute, period: 60)
        self.tenantLimiter = TokenBucket(capacity: configuration.tenantMessagesPerMinute, period: 60)
        self.outboundLimiter = TokenBucket(capacity: configuration.outboundMessagesPerMinute, period: 60)
        self.onboardedAt = LRUCache(capacity: configuration.memoryCacheSize)
        self.conversations = LRUCache(capacity: configuration.memoryCacheSize)
        self.turnsCache = LRUCache(capacity: configuration.memoryCacheSize)
        self.memoryCache = LRUCache(capacity: configuration.memoryCacheSize)
        self.lastAnswered = LRUCache(capacity: configuration.memoryCacheSize)
        self.lastActivity = services.clock.now()
        var logger = services.logger
        logger[metadataKey: "tenant.id"] = .string(tenant.id)
        self.logger = logger
    }

    /// Whether replies can be sent: without a base URL they are kept in the outbox.
    var canSend: Bool { !instance.baseURL.isEmpty }

    /// Loads durable state after creation: backlog, pending replies, queued messages.
    func activate() async {
        await replay()
        guard canSend else { return }
        if let pending = try? await services.store.pendingOutbox(tenantID: tenantID, limit: 1_000) {
            outboxPending = pending.count
            if !pending.isEmpty { nextOutboxAttempt = services.clock.now() }
        }
    }

    /// Whether the actor holds no work and may be passivated.
    var isIdle: Bool { inFlight == 0 && queue.count == 0 && !outboxFlushing && !claiming }

    /// Returns once nothing is in flight and no outbox flush is running.
    func drain() async {
        guard inFlight > 0 || outboxFlushing || claiming else { return }
        await withCheckedContinuation { drainWaiters.append($0) }
    }

    /// Waits, once, until the retired predecessor has no work in flight.
    func awaitPredecessor() async {
        guard let predecessor else { return }
        await predecessor.drain()
        self.predecessor = nil
        nextOutboxAttempt = services.clock.now()
    }

    /// Wakes `drain()` callers when the actor went quiet.
    func resumeDrainWaitersIfQuiet() {
        guard inFlight == 0, !outboxFlushing, !claiming, !drainWaiters.isEmpty else { return }
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Since when the actor has been idle, if it may be passivated. Replies waiting for a
    /// reachable UAZ keep it alive (its ticks retry them); replies that have nowhere to go
    /// (no base URL) do not, since only a restart with a URL can send them.
    func idleSince() -> Date? {
        isIdle && (outboxPending == 0 || !canSend) ? lastActivity : nil
    }

    /// Forgets cached users (after an admin adds one).
    func invalidateUsers() {
        userDirectory = nil
        userDirectoryGeneration += 1
    }

    func snapshot(restarts: Int, supervision: SupervisionRecord?) -> TenantSnapshot {
        let now = services.clock.now()
        return TenantSnapshot(
            id: tenant.id, slug: tenant.slug, name: tenant.name, owner: instance.owner, status: status, live: true,
            backlog: backlog, inFlight: inFlight, outboxPending: outboxPending,
            breakers: .init(llm: llmBreaker.state, uaz: uazBreaker.state),
            limits: .init(
                trackedSenders: senderLimiter.trackedKeys, tenantTokens: tenantLimiter.available(now: now),
                outboundTokens: outboundLimiter.available(now: now)),
            restarts: restarts, lastFailure: supervision?.lastFailure, lastFailureAt: supervision?.lastFailureAt,
            quarantinedUntil: supervision?.quarantinedUntil, pausedReason: tenant.pausedReason, llm: llmStatus(now: now))
    }

    func gauges() -> TenantGauges {
        TenantGauges(
            slug: tenant.slug, status: status, backlog: backlog, inFlight: inFlight, outboxPending: outboxPending,
            llm: llmBreaker.state, uaz: uazBreaker.state)
    }

    func recordTransition(_ dependency: String, _ state: CircuitBreaker.State?) {
        guard let state else { return }
        services.metrics.breakerTransition(tenant: tenant.slug, dependency: dependency, to: state)
        logger.notice("circuit breaker \(state.rawValue)", metadata: ["dependency": .string(dependency)])
    }
}

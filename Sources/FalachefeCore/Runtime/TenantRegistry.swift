import Foundation
import Logging
import Synchronization

/// Owns the live tenant actors: activates a tenant on its first message (from the store),
/// passivates idle ones, caps how many are alive (LRU), supervises failures (quarantine and
/// restart with backoff) and runs every tenant's jobs in one structured task group.
public actor TenantRegistry<Services: RuntimeServices> {
    public typealias Tenant = TenantActor<Services>
    typealias Activation = CheckedContinuation<Tenant?, any Error>

    nonisolated let services: Services
    nonisolated let jobs = JobQueue()
    var live: LRUCache<String, Tenant>
    var activating: [String: [Activation]] = [:]
    var supervision: [String: SupervisionRecord] = [:]
    /// Actors taken out of service whose in-flight work may still be running: the tenant's
    /// next actor does no work until its predecessor drained, so no reply is sent twice.
    var retiring: [String: Tenant] = [:]
    /// Instances by owner number, read on every webhook without a hop onto the registry
    /// (a tiny synchronous hot path; instances change only through the admin API).
    nonisolated let instancesByOwner = Mutex<[String: Instance]>([:])
    /// Tenant ids by slug or id, for webhooks posted to `/webhooks/uaz/{tenant}`.
    nonisolated let tenantIDsByReference = Mutex<[String: String]>([:])
    var logger: Logger
    /// Random source for backoff jitter (0...1); tests make it deterministic.
    let jitter: @Sendable () -> Double

    public init(services: Services, jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }) {
        self.services = services
        self.live = LRUCache(capacity: Int.max)
        self.logger = services.logger
        self.jitter = jitter
    }

    /// The live actor of a tenant, activating it from the store if needed. Nil when the
    /// tenant does not exist.
    public func actor(for tenantID: String) async throws -> Tenant? {
        if let actor = live.value(for: tenantID) { return actor }
        if activating[tenantID] != nil {
            return try await withCheckedThrowingContinuation { activating[tenantID, default: []].append($0) }
        }
        activating[tenantID] = []
        do {
            let actor = try await activate(tenantID)
            for waiter in activating.removeValue(forKey: tenantID) ?? [] { waiter.resume(returning: actor) }
            return actor
        } catch {
            for waiter in activating.removeValue(forKey: tenantID) ?? [] { waiter.resume(throwing: error) }
            throw error
        }
    }

    private func activate(_ tenantID: String) async throws -> Tenant? {
        guard let tenant = try await services.store.tenant(id: tenantID),
              let instance = try await services.store.instance(tenantID: tenantID)
        else { return nil }
        let actor = TenantActor(
            tenant: tenant, instance: instance, services: services, jobs: jobs,
            predecessor: retiring.removeValue(forKey: tenantID),
            supervisor: { [weak self] id, failure in await self?.reportFailure(tenantID: id, failure: failure) })
        await actor.activate()
        await makeRoom()
        live.set(actor, for: tenantID)
        logger.debug("tenant activated", metadata: ["tenant.id": .string(tenantID)])
        return actor
    }

    /// The instance connected as `owner`, cached (instances change only through the admin API).
    public nonisolated func instance(owner: String) async throws -> Instance? {
        if let cached = instancesByOwner.withLock({ $0[owner] }) { return cached }
        guard let instance = try await services.store.instance(owner: owner) else { return nil }
        instancesByOwner.withLock { $0[owner] = instance }
        return instance
    }

    /// The id of the tenant named by `reference` (slug or id), cached like instances.
    public nonisolated func tenantID(reference: String) async throws -> String? {
        if let cached = tenantIDsByReference.withLock({ $0[reference] }) { return cached }
        guard let tenant = try await services.store.tenant(slugOrID: reference) else { return nil }
        tenantIDsByReference.withLock { $0[reference] = tenant.id }
        return tenant.id
    }

    /// Forgets cached instance, user, settings and agent data of a tenant after an admin
    /// change, on this node and (through the coordinator) every other: the next message
    /// sees it, without a restart.
    public func tenantChanged(_ tenantID: String) async {
        await reloadTenant(tenantID)
        await broadcastChange(of: tenantID)
    }

    /// `tenantChanged` on this node only; also applies a status changed elsewhere.
    func reloadTenant(_ tenantID: String) async {
        instancesByOwner.withLock { $0 = $0.filter { $0.value.tenantID != tenantID } }
        tenantIDsByReference.withLock { $0 = $0.filter { $0.value != tenantID } }
        guard let actor = live.peek(tenantID) else { return }
        await actor.reloadProfile()
        await actor.invalidateAgents()
        await actor.forgetMemories()
    }

    /// Applies a person's decision on a conversation awaiting approval (admin API).
    public func resolveApproval(tenantID: String, phone: String, decision: ApprovalDecision) async throws -> ConversationState? {
        guard let actor = try await actor(for: tenantID) else { return nil }
        return try await actor.resolveApproval(phone: phone, decision: decision)
    }

    /// Number of live actors.
    public var liveCount: Int { live.count }

    /// Activates every tenant with unprocessed messages or undelivered replies (at start).
    public func start() async throws {
        let pending = Set(try await services.store.tenantsWithPendingInbox())
            .union(try await services.store.tenantsWithPendingOutbox())
        for tenantID in pending.sorted() {
            _ = try await actor(for: tenantID)
        }
        logger.info("tenant registry started", metadata: ["tenants.replayed": "\(pending.count)"])
    }

    /// Runs tenant jobs and the periodic tick and sweep until `shutdown()`.
    public func run() async {
        let jobs = self.jobs
        await withTaskGroup(of: Void.self) { timers in
            timers.addTask { await self.runTimers() }
            timers.addTask { await self.runClaimRenewals() }
            timers.addTask { await self.followClusterEvents() }
            await withDiscardingTaskGroup { group in
                for await job in jobs.stream {
                    group.addTask { await job() }
                }
            }
            timers.cancelAll()
        }
        await releaseClaims()
    }

    /// Stops accepting jobs; `run()` returns once in-flight jobs finish. Waiting work stays
    /// in the durable inbox and outbox.
    public nonisolated func shutdown() {
        jobs.finish()
    }

    private func runTimers() async {
        let configuration = services.configuration
        var lastSweep = ContinuousClock.now
        var lastPrune = ContinuousClock.now - .seconds(configuration.pruneInterval)
        while !jobs.isFinished, !Task.isCancelled {
            try? await Task.sleep(for: .seconds(configuration.tickInterval))
            if jobs.isFinished || Task.isCancelled { break }
            await tick()
            if ContinuousClock.now - lastSweep >= .seconds(configuration.sweepInterval) {
                lastSweep = ContinuousClock.now
                await sweep()
            }
            if ContinuousClock.now - lastPrune >= .seconds(configuration.pruneInterval) {
                lastPrune = ContinuousClock.now
                await pruneInbox()
                await cleanupMemories()
            }
        }
    }

    /// Periodic work: restarts quarantined tenants that are due, retries replies, and with a
    /// shared store takes up work other nodes left.
    public func tick() async {
        await claimSweep()
        let now = services.clock.now()
        for (tenantID, record) in supervision where record.isDueForRestart(now: now) {
            await restart(tenantID)
        }
        for tenantID in live.keysLeastRecentFirst {
            await live.peek(tenantID)?.tick()
        }
    }
}

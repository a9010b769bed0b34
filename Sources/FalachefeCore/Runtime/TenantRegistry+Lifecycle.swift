import Foundation
import Logging

extension TenantRegistry {
    /// Passivates tenants idle longer than the idle timeout. Their state is in the store;
    /// the next message activates them again.
    public func sweep() async {
        let now = services.clock.now()
        let timeout = services.configuration.idleTimeout
        for tenantID in live.keysLeastRecentFirst {
            guard supervision[tenantID]?.isQuarantined != true, let actor = live.peek(tenantID),
                  let idleSince = await actor.idleSince(), now.timeIntervalSince(idleSince) >= timeout
            else { continue }
            await passivate(tenantID)
        }
    }

    /// Deletes closed inbox rows older than the retention (pending rows are never deleted),
    /// bounding the database while keeping dedupe for at least the retention.
    public func pruneInbox() async {
        let retention = max(services.configuration.inboxRetention, 7 * 24 * 3600)
        do {
            let deleted = try await services.store.pruneInbox(before: services.clock.now().addingTimeInterval(-retention))
            if deleted > 0 { logger.info("pruned closed inbox rows", metadata: ["rows": "\(deleted)"]) }
        } catch {
            logger.warning("inbox prune failed", metadata: ["error": "\(error)"])
        }
    }

    /// Deletes memories not accessed within the retention (`CREWAI_MEMORY_RETENTION_DAYS`),
    /// keeping important facts whatever their age (seed workflow 3, "cleanup expired").
    public func cleanupMemories() async {
        let configuration = services.configuration
        do {
            let deleted = try await services.store.cleanupMemories(
                before: services.clock.now().addingTimeInterval(-configuration.memoryRetention),
                keepImportanceAtLeast: configuration.memoryKeepImportance)
            if deleted > 0 {
                services.metrics.memoryOperation("cleanup", count: deleted)
                for tenantID in live.keysLeastRecentFirst { await live.peek(tenantID)?.forgetMemories() }
                logger.info("deleted expired memories", metadata: ["rows": "\(deleted)"])
            }
        } catch {
            logger.warning("memory cleanup failed", metadata: ["error": "\(error)"])
        }
    }

    /// Makes room for one more live actor by passivating the least recently used idle ones.
    func makeRoom() async {
        let limit = services.configuration.maxLiveTenants
        guard live.count >= limit else { return }
        for tenantID in live.keysLeastRecentFirst {
            guard live.count >= limit else { return }
            if supervision[tenantID]?.isQuarantined == true { continue }
            if await live.peek(tenantID)?.idleSince() != nil {
                await passivate(tenantID)
            }
        }
    }

    private func passivate(_ tenantID: String) async {
        await retire(tenantID)
        logger.debug("tenant passivated", metadata: ["tenant.id": .string(tenantID)])
    }

    /// Takes a tenant's actor out of service; the next activation waits for it to drain.
    func retire(_ tenantID: String) async {
        guard let actor = live.removeValue(for: tenantID) else { return }
        retiring[tenantID] = actor
        await actor.retire()
    }

    /// Pauses or disables a tenant durably and at once: nothing new starts, arriving
    /// messages are stored as queued. Audited.
    public func hold(tenantID: String, status: TenantStatus, reason: String?, by actorName: String) async throws {
        try await services.store.setStatus(tenantID: tenantID, status: status, reason: reason)
        try await services.store.audit(AuditEntry(
            tenantID: tenantID, actor: actorName, action: "tenant.\(status.rawValue)", detail: reason, at: services.clock.now()))
        await live.peek(tenantID)?.hold(status: status, reason: reason)
        await broadcastChange(of: tenantID)
    }

    /// Resumes a tenant durably and replays its queued messages in order. Audited.
    public func resume(tenantID: String, by actorName: String) async throws {
        try await services.store.setStatus(tenantID: tenantID, status: .active, reason: nil)
        try await services.store.audit(AuditEntry(
            tenantID: tenantID, actor: actorName, action: "tenant.resume", detail: nil, at: services.clock.now()))
        if let actor = live.peek(tenantID), supervision[tenantID]?.isQuarantined != true {
            await actor.resume()
        } else {
            _ = try await actor(for: tenantID)
        }
        await broadcastChange(of: tenantID)
    }

    /// A snapshot of one tenant; from the store when it is not live.
    public func snapshot(of tenant: FalachefeCore.Tenant) async throws -> TenantSnapshot {
        let record = supervision[tenant.id]
        if let actor = live.peek(tenant.id) {
            return await actor.snapshot(restarts: record?.totalRestarts ?? 0, supervision: record)
        }
        let owner = try await services.store.instance(tenantID: tenant.id)?.owner ?? ""
        return TenantSnapshot(
            id: tenant.id, slug: tenant.slug, name: tenant.name, owner: owner, status: tenant.status, live: false,
            backlog: try await services.store.pendingCount(tenantID: tenant.id), inFlight: 0,
            outboxPending: try await services.store.pendingOutbox(tenantID: tenant.id, limit: 1_000).count,
            breakers: .init(llm: .closed, uaz: .closed), limits: nil, restarts: record?.totalRestarts ?? 0,
            lastFailure: record?.lastFailure, lastFailureAt: record?.lastFailureAt,
            quarantinedUntil: record?.quarantinedUntil, pausedReason: tenant.pausedReason,
            llm: LLMStatus(
                setup: services.llm, settings: tenant.settings.llm, spentUsd: try await monthSpend(tenant), breakerOpen: false))
    }

    /// LLM spending of a passivated company this calendar month, read only when its budget
    /// depends on it: listing many idle companies costs no query each otherwise.
    private func monthSpend(_ tenant: FalachefeCore.Tenant) async throws -> Double? {
        guard services.llm != nil, tenant.settings.llm.monthlyBudgetUsd != nil else { return nil }
        let configuration = services.configuration
        let today = LedgerDay.of(services.clock.now(), in: configuration.timeZone)
        return try await services.store.llmSpend(tenantID: tenant.id, since: today.startOfMonth(in: configuration.timeZone))
    }

    /// The gauges of the live tenants, for metrics at scrape time.
    public func liveGauges() async -> [TenantGauges] {
        var gauges: [TenantGauges] = []
        gauges.reserveCapacity(live.count)
        for tenantID in live.keysLeastRecentFirst {
            guard let actor = live.peek(tenantID) else { continue }
            gauges.append(await actor.gauges())
        }
        return gauges
    }
}

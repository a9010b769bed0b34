import Foundation
import Logging

/// How the tenant answers an incoming message before it is stored.
public enum Admission: Sendable, Hashable {
    /// Store and process now.
    case process
    /// Store; it waits for resume (tenant paused or disabled).
    case hold
    /// Store as rate limited; it is not processed.
    case rateLimited(limit: String)
    /// Refuse without storing: the backlog is over the hard limit.
    case overloaded(retryAfter: TimeInterval)
    /// Not for processing (a group message while groups are off).
    case ignore
}

extension TenantActor {
    /// Decides what happens to a message from `phone`. Consumes rate-limit tokens: the
    /// nodes' shared ones when `shared` holds their verdict (never `.seen`: a seen message
    /// is a duplicate before it gets here), else this actor's own.
    public func admit(senderPhone phone: String, isGroup: Bool, shared: SharedVerdict? = nil) -> Admission {
        let now = services.clock.now()
        lastActivity = now
        if isGroup, !tenant.settings.groupsEnabled { return .ignore }
        if backlog >= services.configuration.backlogHardLimit {
            return .overloaded(retryAfter: 5)
        }
        if let limited = shared.map({ $0.limited }) ?? localLimit(phone: phone, now: now) {
            services.metrics.rateLimitHit(tenant: tenant.slug, limit: limited)
            return .rateLimited(limit: limited)
        }
        switch status {
        case .active, .quarantined: return .process
        case .paused, .disabled: return .hold
        }
    }

    /// The name of the local limit `phone`'s message is over (sender, then tenant), if any.
    private func localLimit(phone: String, now: Date) -> String? {
        if case .limited = senderLimiter.take(key: PhoneNumber.canonical(phone), now: now) { return "sender" }
        if case .limited = tenantLimiter.take(now: now) { return "tenant" }
        return nil
    }

    /// A stored pending message: counts it and schedules it when the tenant is active.
    /// Returns false when this actor was retired meanwhile: ask the registry again.
    public func accepted(_ record: InboxRecord) -> Bool {
        guard !retired else { return false }
        backlog += 1
        lastActivity = services.clock.now()
        guard status == .active else { return true }
        if sharedWork == nil { queue.enqueue(record) }
        schedule()
        return true
    }

    /// Takes this actor out of service (passivation, restart): it starts nothing new.
    func retire() {
        retired = true
        queue.dropWaiting()
    }

    /// Starts as many queued messages as the bulkhead allows, each as a job.
    func pump() {
        while status == .active, !retired, let record = queue.start() {
            inFlight += 1
            jobs.submit { [self] in await self.process(record) }
        }
    }

    /// Re-reads pending messages from the store and queues them in order (with a shared
    /// store: counts them and claims what this node may take).
    func replay() async {
        needsReplay = false
        do {
            let limit = services.configuration.backlogHardLimit + 1_000
            let count = try await services.store.pendingCount(tenantID: tenantID)
            backlog = count
            guard status == .active, count > 0 else { return }
            guard sharedWork == nil else { return schedule() }
            let pending = try await services.store.pendingInbox(tenantID: tenantID, limit: limit)
            guard status == .active else { return }
            for record in pending { queue.enqueue(record) }
            pump()
        } catch {
            needsReplay = true
            logger.error("inbox replay failed", metadata: ["error": "\(error)"])
        }
    }

    /// Pauses (or disables) the tenant: nothing new starts; in-flight messages finish;
    /// everything waiting stays in the inbox for resume.
    public func hold(status newStatus: TenantStatus, reason: String?) {
        status = newStatus
        tenant.status = newStatus
        tenant.pausedReason = reason
        queue.dropWaiting()
    }

    /// Resumes processing and replays the inbox.
    public func resume() async {
        status = .active
        tenant.status = .active
        tenant.pausedReason = nil
        await replay()
    }

    /// Periodic work: replays after a store failure, retries due replies.
    func tick() async {
        if needsReplay { await replay() }
        await refreshSharedBacklog()
        let predecessorLeftWork = predecessor != nil
        if predecessorLeftWork || (nextOutboxAttempt.map { $0 <= services.clock.now() } ?? false) {
            scheduleFlush()
        }
    }
}

import Foundation
import Logging

extension TenantActor {
    /// How many pending replies one outbox read returns at most.
    static var outboxReadLimit: Int { 32 }

    /// How much later than written a time may read back from the store: SQLite keeps
    /// milliseconds, rounded. A reply committed for "now" and read within the same
    /// millisecond would otherwise look not yet due and wait for the next tick.
    static var storedTimePrecision: TimeInterval { 0.001 }

    /// Sends pending replies in order through the gateway. One flusher at a time; a reply
    /// that cannot go now stops the flush (order is kept) and is retried at its due time.
    func flushOutbox() async {
        guard !outboxFlushing else {
            outboxRerun = true
            return
        }
        guard status != .disabled else { return }
        outboxFlushing = true
        await awaitPredecessor()
        repeat {
            outboxRerun = false
            await flushPending()
        } while outboxRerun
        outboxFlushing = false
        resumeDrainWaitersIfQuiet()
    }

    /// Asks for committed replies to go out, as a job. A flush already running then goes
    /// round once more (`flushOutbox`): its last read may have started before these replies
    /// were committed, and without the second round they would wait for the tenant's next
    /// message.
    func scheduleFlush() {
        jobs.submit { [self] in await self.flushOutbox() }
    }

    private func flushPending() async {
        while true {
            let rows: [OutboxRecord]
            do {
                rows = try await nextReplies(limit: Self.outboxReadLimit, conversations: 8)
            } catch {
                logger.error("outbox read failed", metadata: ["error": "\(error)"])
                nextOutboxAttempt = services.clock.now().addingTimeInterval(5)
                return
            }
            outboxPending = rows.count < Self.outboxReadLimit ? rows.count : max(outboxPending, rows.count)
            guard !rows.isEmpty else {
                nextOutboxAttempt = nil
                return
            }
            for row in rows {
                guard await send(row) else { return }
            }
            // A short read held every pending reply of a one-node tenant, and every reply
            // committed since asked for a flush of its own (run once more by this one, or
            // after it): reading again here would find nothing. Shared work claims a few
            // conversations at a time, so it reads on.
            if sharedWork == nil, rows.count < Self.outboxReadLimit {
                nextOutboxAttempt = nil
                return
            }
        }
    }

    /// Tries one reply. Returns false when the flush must stop here.
    private func send(_ row: OutboxRecord) async -> Bool {
        if let providerID = sentButUnrecorded[row.id] {
            return await recordSent(row, providerMessageID: providerID)
        }
        let now = services.clock.now()
        if row.nextAttemptAt.timeIntervalSince(now) > Self.storedTimePrecision {
            nextOutboxAttempt = row.nextAttemptAt
            return false
        }
        if case .limited(let retryAfter) = await takeOutbound(now: now) {
            services.metrics.rateLimitHit(tenant: tenant.slug, limit: "outbound")
            nextOutboxAttempt = now.addingTimeInterval(retryAfter)
            return false
        }
        let (permission, transition) = uazBreaker.acquire(now: now)
        recordTransition("uaz", transition)
        if case .rejected(let retryAfter) = permission {
            nextOutboxAttempt = now.addingTimeInterval(retryAfter)
            return false
        }
        logger.debug("sending reply", metadata: ["outbox.id": "\(row.id)"])
        do {
            let sent = try await services.gateway.sendText(row.text, to: row.phone, via: instance)
            recordTransition("uaz", uazBreaker.record(success: true, now: services.clock.now()))
            services.metrics.outbound(tenant: tenant.slug, result: "sent")
            return await recordSent(row, providerMessageID: sent.providerMessageID)
        } catch GatewayError.rejected(let status, let reason) {
            recordTransition("uaz", uazBreaker.record(success: true, now: services.clock.now()))
            services.metrics.outbound(tenant: tenant.slug, result: "failed")
            logger.error("UAZ refused a reply", metadata: ["status": "\(status)", "reason": .string(reason)])
            try? await services.store.markFailed(outboxID: row.id, error: "\(status): \(reason)")
            outboxPending = max(outboxPending - 1, 0)
            return true
        } catch GatewayError.notConfigured {
            let retry = services.clock.now().addingTimeInterval(services.configuration.unconfiguredGatewayRetry)
            logger.info("no UAZ base URL configured; reply kept in the outbox")
            try? await services.store.deferOutbox(outboxID: row.id, attempts: row.attempts, nextAttemptAt: retry, error: "not configured")
            nextOutboxAttempt = retry
            return false
        } catch {
            recordTransition("uaz", uazBreaker.record(success: false, now: services.clock.now()))
            services.metrics.outbound(tenant: tenant.slug, result: "retry")
            var delay = services.configuration.outboxBackoff.delay(attempt: row.attempts).seconds
            if case GatewayError.retryable(_, let retryAfter?) = error { delay = max(delay, retryAfter.seconds) }
            let retry = services.clock.now().addingTimeInterval(delay)
            logger.warning("reply not delivered; will retry", metadata: ["error": "\(error)", "attempt": "\(row.attempts + 1)"])
            try? await services.store.deferOutbox(
                outboxID: row.id, attempts: row.attempts + 1, nextAttemptAt: retry, error: String(describing: error))
            nextOutboxAttempt = retry
            return false
        }
    }

    /// Records a delivered reply. If the store fails, the fact is kept in memory so the
    /// reply is never sent twice; recording is retried on the next flush.
    private func recordSent(_ row: OutboxRecord, providerMessageID: String?) async -> Bool {
        do {
            try await services.store.markSent(outboxID: row.id, providerMessageID: providerMessageID, at: services.clock.now())
            sentButUnrecorded[row.id] = nil
            outboxPending = max(outboxPending - 1, 0)
            return true
        } catch {
            sentButUnrecorded[row.id] = .some(providerMessageID)
            nextOutboxAttempt = services.clock.now().addingTimeInterval(5)
            logger.error("could not record a sent reply; will retry recording", metadata: ["error": "\(error)"])
            return false
        }
    }
}

extension TenantActor {
    /// One unit of the instance's outbound limit: shared by every node sending for this
    /// instance when a coordinator answers, else this actor's own.
    func takeOutbound(now: Date) async -> TokenBucket.Decision {
        if let coordinator = services.coordinator {
            let limit = SharedLimit(
                name: "outbound", key: instance.owner, capacity: services.configuration.outboundMessagesPerMinute, period: 60)
            if let decision = await coordinator.take(limit, now: now) { return decision }
        }
        return outboundLimiter.take(now: now)
    }
}

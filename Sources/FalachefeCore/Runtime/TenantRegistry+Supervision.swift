import Foundation
import Logging

extension TenantRegistry {
    /// Called by a tenant when processing failed unexpectedly. Enough failures in the
    /// window quarantine the tenant: it stops taking work (messages stay in the inbox) and
    /// is restarted after a backoff.
    func reportFailure(tenantID: String, failure: String) async {
        var record = supervision[tenantID] ?? SupervisionRecord()
        let decision = record.recordFailure(
            failure, now: services.clock.now(), policy: services.configuration.supervision, jitter: jitter())
        supervision[tenantID] = record
        guard case .quarantine(let until) = decision, let actor = live.peek(tenantID) else { return }
        await actor.hold(status: .quarantined, reason: "quarantined after repeated failures")
        logger.error(
            "tenant quarantined",
            metadata: ["tenant.id": .string(tenantID), "until": .string(until.formatted(.iso8601))])
    }

    /// Replaces a quarantined tenant's actor with a fresh one that replays its inbox.
    func restart(_ tenantID: String) async {
        guard var record = supervision[tenantID] else { return }
        record.restarted(now: services.clock.now())
        supervision[tenantID] = record
        await retire(tenantID)
        do {
            if let actor = try await actor(for: tenantID) {
                let slug = await actor.snapshot(restarts: 0, supervision: nil).slug
                services.metrics.tenantRestart(tenant: slug)
            }
            logger.notice("tenant restarted", metadata: ["tenant.id": .string(tenantID), "restarts": "\(record.totalRestarts)"])
        } catch {
            logger.error("tenant restart failed", metadata: ["tenant.id": .string(tenantID), "error": "\(error)"])
        }
    }

    /// The supervisor's record of a tenant (failures, restarts, quarantine).
    public func supervisionRecord(_ tenantID: String) -> SupervisionRecord? {
        supervision[tenantID]
    }
}

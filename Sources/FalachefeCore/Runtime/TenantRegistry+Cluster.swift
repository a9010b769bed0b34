import Foundation
import Logging

/// Several nodes: work other nodes left (claims of a dead node expired, a conversation's
/// next message that arrived elsewhere), claim renewal, and tenant changes broadcast
/// through the coordinator.
extension TenantRegistry {
    /// With a shared store: wakes the actors of tenants that have work this node could
    /// claim now. Called every tick.
    func claimSweep() async {
        guard let shared = services.store as? any SharedWorkStore else { return }
        let claimable: [ClaimableWork]
        do {
            claimable = try await shared.tenantsWithClaimableWork(node: services.configuration.nodeID, now: services.clock.now())
        } catch {
            logger.warning("looking for claimable work failed", metadata: ["error": "\(error)"])
            return
        }
        for work in claimable where supervision[work.tenantID]?.isQuarantined != true {
            do {
                try await actor(for: work.tenantID)?.workAvailable(inbox: work.inbox, outbox: work.outbox)
            } catch {
                logger.warning("activating a tenant with claimable work failed", metadata: [
                    "tenant.id": .string(work.tenantID), "error": "\(error)",
                ])
            }
        }
    }

    /// Renews this node's claims every third of the lease until shutdown, on a loop of its
    /// own: behind the tick (a sweep over many tenants, a store under load) a renewal could
    /// come late enough for the lease to lapse and another node to take the work over.
    func runClaimRenewals() async {
        guard services.store is any SharedWorkStore else { return }
        let every = Duration.seconds(services.configuration.claimLease / 3)
        while !jobs.isFinished, !Task.isCancelled {
            try? await Task.sleep(for: every)
            if jobs.isFinished || Task.isCancelled { break }
            await renewClaims()
        }
    }

    /// Keeps this node's claims alive while their work runs.
    func renewClaims() async {
        guard let shared = services.store as? any SharedWorkStore else { return }
        let configuration = services.configuration
        do {
            _ = try await shared.renewClaims(
                node: configuration.nodeID, until: services.clock.now().addingTimeInterval(configuration.claimLease))
        } catch {
            logger.warning("renewing claims failed", metadata: ["error": "\(error)"])
        }
    }

    /// Gives this node's unfinished claims back at shutdown, so other nodes need not wait
    /// for them to expire.
    func releaseClaims() async {
        guard let shared = services.store as? any SharedWorkStore else { return }
        do {
            try await shared.releaseClaims(node: services.configuration.nodeID)
        } catch {
            logger.warning("releasing claims failed; they expire by themselves", metadata: ["error": "\(error)"])
        }
    }

    /// Applies events from every node (this one included) until cancelled.
    func followClusterEvents() async {
        guard let coordinator = services.coordinator else { return }
        for await event in coordinator.events() {
            switch event {
            case .tenantChanged(let tenantID): await reloadTenant(tenantID)
            }
        }
    }

    /// Tells every node that a tenant changed; on one node, nothing to tell.
    func broadcastChange(of tenantID: String) async {
        await services.coordinator?.publish(.tenantChanged(tenantID: tenantID))
    }
}

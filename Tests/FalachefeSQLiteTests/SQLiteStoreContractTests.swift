import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Testing

/// The shared store contract, each check on its own fresh database file.
@Suite("SQLiteStore contract")
struct SQLiteStoreContractTests {
    @Test func tenantsCreateAndLookup() async throws {
        try await TemporaryStore.with { try await StoreContract.tenantsCreateAndLookup($0) }
    }

    @Test func tenantStatus() async throws {
        try await TemporaryStore.with { try await StoreContract.tenantStatus($0) }
    }

    @Test func usersCanonicalPhone() async throws {
        try await TemporaryStore.with { try await StoreContract.usersCanonicalPhone($0) }
    }

    @Test func sentReplyNeverReadsPendingUnderConcurrentReads() async throws {
        try await TemporaryStore.with { try await StoreContract.sentReplyNeverReadsPendingUnderConcurrentReads($0) }
    }

    @Test func committedReplyReadsPendingAtOnce() async throws {
        try await TemporaryStore.with { try await StoreContract.committedReplyReadsPendingAtOnce($0) }
    }

    @Test func acceptAndDuplicate() async throws {
        try await TemporaryStore.with { try await StoreContract.acceptAndDuplicate($0) }
    }

    @Test func concurrentAcceptDeduplicates() async throws {
        try await TemporaryStore.with { try await StoreContract.concurrentAcceptDeduplicates($0) }
    }

    @Test func acceptOrderPerCaller() async throws {
        try await TemporaryStore.with { try await StoreContract.acceptOrderPerCaller($0) }
    }

    @Test func pendingReplayOrder() async throws {
        try await TemporaryStore.with { try await StoreContract.pendingReplayOrder($0) }
    }

    @Test func completeOnce() async throws {
        try await TemporaryStore.with { try await StoreContract.completeOnce($0) }
    }

    @Test func pruneInbox() async throws {
        try await TemporaryStore.with { try await StoreContract.pruneInbox($0) }
    }

    @Test func outboxLifecycle() async throws {
        try await TemporaryStore.with { try await StoreContract.outboxLifecycle($0) }
    }

    @Test func receiptsNeverDowngrade() async throws {
        try await TemporaryStore.with { try await StoreContract.receiptsNeverDowngrade($0) }
    }

    @Test func ledgerEntriesCommitWithTheirOutcome() async throws {
        try await TemporaryStore.with { try await StoreContract.ledgerEntriesCommitWithTheirOutcome($0) }
    }

    @Test func ledgerSummaryMath() async throws {
        try await TemporaryStore.with { try await StoreContract.ledgerSummaryMath($0) }
    }

    @Test func conversationView() async throws {
        try await TemporaryStore.with { try await StoreContract.conversationView($0) }
    }

    @Test func onboardingWindow() async throws {
        try await TemporaryStore.with { try await StoreContract.onboardingWindow($0) }
    }

    @Test func auditTrail() async throws {
        try await TemporaryStore.with { try await StoreContract.auditTrail($0) }
    }

    @Test func tenantIsolation() async throws {
        try await TemporaryStore.with { try await StoreContract.tenantIsolation($0) }
    }

    @Test func crewDefaultAgents() async throws {
        try await TemporaryStore.with { try await StoreContract.crewDefaultAgents($0) }
    }

    @Test func crewAgentUpdate() async throws {
        try await TemporaryStore.with { try await StoreContract.crewAgentUpdate($0) }
    }

    @Test func conversationStateRoundTrip() async throws {
        try await TemporaryStore.with { try await StoreContract.conversationStateRoundTrip($0) }
    }

    @Test func crewEffectsOnlyWithCompletion() async throws {
        try await TemporaryStore.with { try await StoreContract.crewEffectsOnlyWithCompletion($0) }
    }

    @Test func crewTasksAndSpend() async throws {
        try await TemporaryStore.with { try await StoreContract.crewTasksAndSpend($0) }
    }

    @Test func budgetsUpsert() async throws {
        try await TemporaryStore.with { try await StoreContract.budgetsUpsert($0) }
    }

    @Test func userProfileUpdate() async throws {
        try await TemporaryStore.with { try await StoreContract.userProfileUpdate($0) }
    }

    @Test func tenantProfileUpdate() async throws {
        try await TemporaryStore.with { try await StoreContract.tenantProfileUpdate($0) }
    }

    @Test func memoriesRoundTrip() async throws {
        try await TemporaryStore.with { try await StoreContract.memoriesRoundTrip($0) }
    }

    @Test func memoryAccessAndImportance() async throws {
        try await TemporaryStore.with { try await StoreContract.memoryAccessAndImportance($0) }
    }

    @Test func memoryIsolation() async throws {
        try await TemporaryStore.with { try await StoreContract.memoryIsolation($0) }
    }

    @Test func memoryCleanup() async throws {
        try await TemporaryStore.with { try await StoreContract.memoryCleanup($0) }
    }

    @Test(arguments: Durability.allCases)
    func survivesReopen(durability: Durability) async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        try await StoreContract.survivesReopen(
            open: { try await temporary.open(durability: durability) },
            close: { try await $0.close() }
        )
    }
}

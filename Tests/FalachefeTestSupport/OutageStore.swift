import FalachefeCore
import Foundation
import Synchronization

/// A store whose calls fail with `StoreError.unavailable` while an outage is on, as a
/// database that went away would; every other call goes to `base`. The outage names the
/// calls it breaks (by Swift signature, e.g. `users(tenantID:)`), so a test can let a
/// message be stored and then fail the reads of its processing. It also counts every call
/// by name, and shares work like its base when that is a `SharedWorkStore` (PostgreSQL).
public final class OutageStore<Base: Store>: Store {
    public let base: Base
    private let failing = Mutex<(@Sendable (String) -> Bool)?>(nil)
    private let failed = Mutex<[String]>([])
    private let counts = Mutex<[String: Int]>([:])

    /// The calls that failed so far, oldest first.
    public var failedCalls: [String] { failed.withLock { $0 } }

    /// How many times `call` (a Swift signature) was made, failed or not.
    public func calls(_ call: String) -> Int { counts.withLock { $0[call, default: 0] } }

    public init(_ base: Base) {
        self.base = base
    }

    /// Fails the calls for which `calls` is true, from now until `end()`.
    public func begin(_ calls: @escaping @Sendable (String) -> Bool) {
        failing.withLock { $0 = calls }
    }

    /// Ends the outage: every call reaches `base` again.
    public func end() {
        failing.withLock { $0 = nil }
    }

    func check(_ call: String = #function) throws {
        counts.withLock { $0[call, default: 0] += 1 }
        guard failing.withLock({ $0?(call) ?? false }) else { return }
        failed.withLock { $0.append(call) }
        throw StoreError.unavailable("outage (test): \(call)")
    }

    public func createTenant(_ tenant: Tenant, instance: Instance) async throws {
        try check()
        try await base.createTenant(tenant, instance: instance)
    }

    public func tenant(id: String) async throws -> Tenant? {
        try check()
        return try await base.tenant(id: id)
    }

    public func tenant(slugOrID: String) async throws -> Tenant? {
        try check()
        return try await base.tenant(slugOrID: slugOrID)
    }

    public func tenants() async throws -> [Tenant] {
        try check()
        return try await base.tenants()
    }

    public func setStatus(tenantID: String, status: TenantStatus, reason: String?) async throws {
        try check()
        try await base.setStatus(tenantID: tenantID, status: status, reason: reason)
    }

    public func instance(owner: String) async throws -> Instance? {
        try check()
        return try await base.instance(owner: owner)
    }

    public func instance(tenantID: String) async throws -> Instance? {
        try check()
        return try await base.instance(tenantID: tenantID)
    }

    public func addUser(_ user: CompanyUser) async throws {
        try check()
        try await base.addUser(user)
    }

    public func users(tenantID: String) async throws -> [CompanyUser] {
        try check()
        return try await base.users(tenantID: tenantID)
    }

    public func createAdminToken(_ token: AdminToken) async throws {
        try check()
        try await base.createAdminToken(token)
    }

    public func adminToken(hash: String) async throws -> AdminToken? {
        try check()
        return try await base.adminToken(hash: hash)
    }

    public func accept(_ message: InboundMessage, status: InboxStatus) async throws -> AcceptResult {
        try check()
        return try await base.accept(message, status: status)
    }

    public func pendingInbox(tenantID: String, limit: Int) async throws -> [InboxRecord] {
        try check()
        return try await base.pendingInbox(tenantID: tenantID, limit: limit)
    }

    public func pendingCount(tenantID: String) async throws -> Int {
        try check()
        return try await base.pendingCount(tenantID: tenantID)
    }

    public func tenantsWithPendingInbox() async throws -> [String] {
        try check()
        return try await base.tenantsWithPendingInbox()
    }

    public func complete(_ outcome: ProcessingOutcome) async throws -> CompletionResult {
        try check()
        return try await base.complete(outcome)
    }

    public func pendingOutbox(tenantID: String, limit: Int) async throws -> [OutboxRecord] {
        try check()
        return try await base.pendingOutbox(tenantID: tenantID, limit: limit)
    }

    public func tenantsWithPendingOutbox() async throws -> [String] {
        try check()
        return try await base.tenantsWithPendingOutbox()
    }

    public func markSent(outboxID: Int64, providerMessageID: String?, at: Date) async throws {
        try check()
        try await base.markSent(outboxID: outboxID, providerMessageID: providerMessageID, at: at)
    }

    public func deferOutbox(outboxID: Int64, attempts: Int, nextAttemptAt: Date, error: String) async throws {
        try check()
        try await base.deferOutbox(outboxID: outboxID, attempts: attempts, nextAttemptAt: nextAttemptAt, error: error)
    }

    public func markFailed(outboxID: Int64, error: String) async throws {
        try check()
        try await base.markFailed(outboxID: outboxID, error: error)
    }

    public func recordReceipt(tenantID: String, providerMessageIDs: [String], status: OutboxStatus) async throws -> Int {
        try check()
        return try await base.recordReceipt(tenantID: tenantID, providerMessageIDs: providerMessageIDs, status: status)
    }

    public func conversation(tenantID: String, phone: String, limit: Int) async throws -> [ConversationEntry] {
        try check()
        return try await base.conversation(tenantID: tenantID, phone: phone, limit: limit)
    }

    public func audit(_ entry: AuditEntry) async throws {
        try check()
        try await base.audit(entry)
    }

    public func auditLog(tenantID: String?, limit: Int) async throws -> [AuditEntry] {
        try check()
        return try await base.auditLog(tenantID: tenantID, limit: limit)
    }

    public func pruneInbox(before: Date) async throws -> Int {
        try check()
        return try await base.pruneInbox(before: before)
    }

    public func ping() async throws {
        try check()
        try await base.ping()
    }

    public func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary {
        try check()
        return try await base.ledgerSummary(tenantID: tenantID, from: from, to: to)
    }

    public func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry] {
        try check()
        return try await base.ledgerEntries(tenantID: tenantID, from: from, to: to, limit: limit)
    }

    public func crewAgents(tenantID: String) async throws -> [CrewAgentProfile] {
        try check()
        return try await base.crewAgents(tenantID: tenantID)
    }

    public func updateCrewAgent(tenantID: String, _ agent: CrewAgentProfile) async throws {
        try check()
        try await base.updateCrewAgent(tenantID: tenantID, agent)
    }

    public func conversationState(tenantID: String, phone: String) async throws -> ConversationState? {
        try check()
        return try await base.conversationState(tenantID: tenantID, phone: phone)
    }

    public func resolveApproval(_ resolution: ApprovalResolution) async throws {
        try check()
        try await base.resolveApproval(resolution)
    }

    public func crewTasks(tenantID: String, limit: Int) async throws -> [CrewTaskRecord] {
        try check()
        return try await base.crewTasks(tenantID: tenantID, limit: limit)
    }

    public func llmSpend(tenantID: String, since: Date) async throws -> Double {
        try check()
        return try await base.llmSpend(tenantID: tenantID, since: since)
    }

    public func memories(tenantID: String, userID: String, limit: Int) async throws -> [CrewMemory] {
        try check()
        return try await base.memories(tenantID: tenantID, userID: userID, limit: limit)
    }

    public func updateMemoryImportance(tenantID: String, memoryID: String, importance: Int) async throws {
        try check()
        try await base.updateMemoryImportance(tenantID: tenantID, memoryID: memoryID, importance: importance)
    }

    public func cleanupMemories(before: Date, keepImportanceAtLeast: Int) async throws -> Int {
        try check()
        return try await base.cleanupMemories(before: before, keepImportanceAtLeast: keepImportanceAtLeast)
    }

    public func setBudgets(_ limits: [BudgetLimit]) async throws {
        try check()
        try await base.setBudgets(limits)
    }

    public func budgets(tenantID: String, month: String) async throws -> [BudgetLimit] {
        try check()
        return try await base.budgets(tenantID: tenantID, month: month)
    }

    public func updateUserProfile(tenantID: String, userID: String, name: String?, email: String?) async throws {
        try check()
        try await base.updateUserProfile(tenantID: tenantID, userID: userID, name: name, email: email)
    }

    public func updateTenantProfile(tenantID: String, name: String, settings: TenantSettings) async throws {
        try check()
        try await base.updateTenantProfile(tenantID: tenantID, name: name, settings: settings)
    }
}

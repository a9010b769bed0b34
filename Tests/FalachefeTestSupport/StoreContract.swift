import FalachefeCore
import Foundation
import Testing

/// The behaviour every `Store` adapter must have. Each check is a `public static func`
/// taking a store; adapters' test targets call them (SQLite with a fresh temporary file per
/// test, PostgreSQL later with its own database). Checks create their own tenants with
/// unique slugs, owners and ids and never assume an empty store, so they may also share one.
/// Timestamps used are whole milliseconds, the precision every adapter keeps.
public enum StoreContract {
    /// A fixed, millisecond-aligned instant the checks build their times from.
    public static let epoch = Date(timeIntervalSince1970: 1_760_000_000)

    // MARK: Fixtures

    /// Creates an active tenant with a unique slug and instance owner.
    @discardableResult
    public static func makeTenant(_ store: some Store, name: String = "Padaria do João") async throws -> Tenant {
        let suffix = String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12))
        let tenant = Tenant(slug: "empresa-\(suffix)", name: name, createdAt: epoch)
        try await store.createTenant(tenant, instance: makeInstance(for: tenant))
        return tenant
    }

    /// An instance with a random owner number for `tenant`.
    public static func makeInstance(for tenant: Tenant) -> Instance {
        let owner = "5547" + String(format: "%09d", Int.random(in: 0..<1_000_000_000))
        return Instance(tenantID: tenant.id, owner: owner, token: "token-\(tenant.slug)", baseURL: "http://127.0.0.1:9000")
    }

    /// A text message from `phone`, sent and received at `at`.
    public static func message(
        _ tenant: Tenant, id: String, phone: String = "5511987654321", text: String = "oi", at: Date = epoch
    ) -> InboundMessage {
        InboundMessage(
            tenantID: tenant.id, messageID: id, senderPhone: phone, senderName: "Cliente", text: text,
            sentAt: at, receivedAt: at
        )
    }

    /// Accepts a message that must be new; returns its sequence.
    @discardableResult
    public static func acceptNew(_ store: some Store, _ message: InboundMessage, status: InboxStatus = .pending)
        async throws -> Int64
    {
        let result = try await store.accept(message, status: status)
        guard case .stored(let sequence) = result else {
            Issue.record("message \(message.messageID) unexpectedly a duplicate")
            throw StoreError.conflict(message.messageID)
        }
        return sequence
    }

    /// Expects `body` to throw a `StoreError` matching `matches`.
    public static func expectStoreError(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, matches: (StoreError) -> Bool,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected \(what), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            #expect(matches(error), "expected \(what), got \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected \(what), got \(error)", sourceLocation: sourceLocation)
        }
    }

    static func isConflict(_ error: StoreError) -> Bool {
        if case .conflict = error { return true }
        return false
    }

    static func isNotFound(_ error: StoreError) -> Bool {
        if case .notFound = error { return true }
        return false
    }

    // MARK: Tenants and users

    /// Create, look up by id / slug / owner, and conflicts on slug and on owner.
    public static func tenantsCreateAndLookup(_ store: some Store) async throws {
        let tenant = Tenant(slug: "padaria-\(UUID().uuidString.prefix(8).lowercased())", name: "Padaria", createdAt: epoch)
        let instance = makeInstance(for: tenant)
        try await store.createTenant(tenant, instance: instance)

        #expect(try await store.tenant(id: tenant.id) == tenant)
        #expect(try await store.tenant(slugOrID: tenant.slug) == tenant)
        #expect(try await store.tenant(slugOrID: tenant.id) == tenant)
        #expect(try await store.tenant(slugOrID: "nao-existe-\(UUID().uuidString.prefix(6))") == nil)
        #expect(try await store.tenant(id: UUID().uuidString) == nil)
        #expect(try await store.instance(owner: instance.owner) == instance)
        #expect(try await store.instance(tenantID: tenant.id) == instance)
        #expect(try await store.tenants().contains(tenant))

        let sameSlug = Tenant(slug: tenant.slug, name: "Outra", createdAt: epoch)
        await expectStoreError("conflict on slug", matches: isConflict) {
            try await store.createTenant(sameSlug, instance: makeInstance(for: sameSlug))
        }
        let sameOwner = Tenant(slug: "outra-\(UUID().uuidString.prefix(8).lowercased())", name: "Outra", createdAt: epoch)
        var reused = instance
        reused.tenantID = sameOwner.id
        await expectStoreError("conflict on owner", matches: isConflict) {
            try await store.createTenant(sameOwner, instance: reused)
        }
        // A refused creation leaves nothing behind.
        #expect(try await store.tenant(id: sameOwner.id) == nil)
        #expect(try await store.tenant(id: sameSlug.id) == nil)
    }

    /// Status and reason persist; `quarantined` is refused; unknown tenants are not found.
    public static func tenantStatus(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        try await store.setStatus(tenantID: tenant.id, status: .paused, reason: "manutenção")
        let paused = try #require(try await store.tenant(id: tenant.id))
        #expect(paused.status == .paused)
        #expect(paused.pausedReason == "manutenção")

        try await store.setStatus(tenantID: tenant.id, status: .active, reason: nil)
        let active = try #require(try await store.tenant(slugOrID: tenant.slug))
        #expect(active.status == .active)
        #expect(active.pausedReason == nil)

        await expectStoreError("quarantined refused", matches: isConflict) {
            try await store.setStatus(tenantID: tenant.id, status: .quarantined, reason: "falhas")
        }
        #expect(try await store.tenant(id: tenant.id)?.status == .active)
        await expectStoreError("unknown tenant", matches: isNotFound) {
            try await store.setStatus(tenantID: UUID().uuidString, status: .paused, reason: nil)
        }
    }

    /// Users conflict on any spelling of the same phone (country code, mobile 9th digit).
    public static func usersCanonicalPhone(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let joao = CompanyUser(tenantID: tenant.id, name: "João", phone: "5511987654321", role: .admin, createdAt: epoch)
        try await store.addUser(joao)
        for spelling in ["551187654321", "11987654321", "5511987654321"] {
            await expectStoreError("conflict for \(spelling)", matches: isConflict) {
                try await store.addUser(CompanyUser(tenantID: tenant.id, name: "Outro", phone: spelling, role: .user))
            }
        }
        let maria = CompanyUser(tenantID: tenant.id, name: "Maria", phone: "5511900000001", role: .user, createdAt: epoch)
        try await store.addUser(maria)
        // The same number may belong to a user of another company.
        try await store.addUser(CompanyUser(tenantID: other.id, name: "João", phone: "551187654321", role: .user))

        let users = try await store.users(tenantID: tenant.id)
        #expect(Set(users) == [joao, maria])
        #expect(try await store.users(tenantID: other.id).count == 1)
    }
}

import FalachefeCore
import Foundation
import Testing

/// Crew memories: ranking, access counts, importance, isolation and cleanup.
extension StoreContract {
    /// A memory of `userID` in `tenant`.
    public static func memory(
        _ tenant: Tenant, user userID: String, _ content: String, importance: Int, at: Date = epoch,
        kind: CrewMemory.Kind = .fact
    ) -> CrewMemory {
        CrewMemory(tenantID: tenant.id, userID: userID, conversationID: "conversa-\(userID)", kind: kind,
                   category: "fornecedor", content: content, summary: "resumo: \(content)", importance: importance,
                   createdAt: at)
    }

    /// Memories read back as written, most important first, then most recently updated;
    /// rewriting one (same id) changes its content but not its access count.
    public static func memoriesRoundTrip(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let low = memory(tenant, user: "u1", "compra farinha do Moinho Sul", importance: 5, at: epoch)
        let high = memory(tenant, user: "u1", "não trabalha aos domingos", importance: 9, kind: .preference)
        let recent = memory(tenant, user: "u1", "relatório toda segunda", importance: 5, at: epoch.addingTimeInterval(60))
        #expect(try await completeWithCrew(store, tenant, id: "m1", crew: CrewEffects(memories: [low, high, recent])))
        #expect(try await store.memories(tenantID: tenant.id, userID: "u1", limit: 10) == [high, recent, low])
        #expect(try await store.memories(tenantID: tenant.id, userID: "u1", limit: 2) == [high, recent])

        var rewritten = low
        rewritten.content = "compra farinha do Moinho Norte"
        rewritten.importance = 6
        rewritten.updatedAt = epoch.addingTimeInterval(120)
        #expect(try await completeWithCrew(store, tenant, id: "m2", crew: CrewEffects(memories: [rewritten],
                                                                                      accessedMemoryIDs: [high.id])))
        var accessed = high
        accessed.accessCount = 1
        accessed.lastAccessedAt = epoch.addingTimeInterval(1)
        #expect(try await store.memories(tenantID: tenant.id, userID: "u1", limit: 10) == [accessed, rewritten, recent])
    }

    /// Each completion listing a memory adds one access (a repeated id counts once) and
    /// dates the last access with the outcome's time; importance updates stay within the company.
    public static func memoryAccessAndImportance(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let kept = memory(tenant, user: "u1", "paga fornecedores no dia 5", importance: 4)
        #expect(try await completeWithCrew(store, tenant, id: "a1", crew: CrewEffects(memories: [kept])))
        #expect(try await completeWithCrew(store, tenant, id: "a2", crew: CrewEffects(accessedMemoryIDs: [kept.id, kept.id]),
                                           at: epoch.addingTimeInterval(10)))
        #expect(try await completeWithCrew(store, tenant, id: "a3", crew: CrewEffects(accessedMemoryIDs: [kept.id]),
                                           at: epoch.addingTimeInterval(20)))
        try await store.updateMemoryImportance(tenantID: tenant.id, memoryID: kept.id, importance: 8)
        var expected = kept
        expected.accessCount = 2
        expected.lastAccessedAt = epoch.addingTimeInterval(21)
        expected.importance = 8
        #expect(try await store.memories(tenantID: tenant.id, userID: "u1", limit: 10) == [expected])
        await expectStoreError("unknown memory", matches: isNotFound) {
            try await store.updateMemoryImportance(tenantID: tenant.id, memoryID: UUID().uuidString, importance: 3)
        }
    }

    /// Memories of company A are never read, written, counted or re-ranked through company
    /// B, even for the same user key; users of one company do not share memories.
    public static func memoryIsolation(_ store: some Store) async throws {
        let a = try await makeTenant(store, name: "A")
        let b = try await makeTenant(store, name: "B")
        let secret = memory(a, user: "u1", "margem de lucro 40%", importance: 7)
        let colleague = memory(a, user: "u2", "cuida do caixa", importance: 7)
        let theirs = memory(b, user: "u1", "vende bolos", importance: 2)
        #expect(try await completeWithCrew(store, a, id: "i1", crew: CrewEffects(memories: [secret, colleague])))
        #expect(try await completeWithCrew(store, b, id: "i1", crew: CrewEffects(memories: [theirs])))

        #expect(try await store.memories(tenantID: a.id, userID: "u1", limit: 10) == [secret])
        #expect(try await store.memories(tenantID: a.id, userID: "u2", limit: 10) == [colleague])
        #expect(try await store.memories(tenantID: b.id, userID: "u1", limit: 10) == [theirs])
        #expect(try await store.memories(tenantID: b.id, userID: "u2", limit: 10).isEmpty)

        await expectStoreError("another company's memory", matches: isNotFound) {
            try await store.updateMemoryImportance(tenantID: b.id, memoryID: secret.id, importance: 1)
        }
        // B's crew naming A's memory id: neither A's memory nor B's list changes.
        var hijack = secret
        hijack.tenantID = b.id
        hijack.content = "sobrescrito"
        #expect(try await completeWithCrew(store, b, id: "i2", crew: CrewEffects(memories: [hijack],
                                                                                 accessedMemoryIDs: [secret.id])))
        #expect(try await store.memories(tenantID: a.id, userID: "u1", limit: 10) == [secret])
        #expect(try await store.memories(tenantID: b.id, userID: "u1", limit: 10) == [theirs])
    }

    /// Cleanup deletes idle, unimportant memories only: important ones and ones accessed
    /// since the cut-off stay. Times lie long before `epoch`, so other checks sharing the
    /// store are not affected.
    public static func memoryCleanup(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let longAgo = epoch.addingTimeInterval(-400 * 86_400)
        let cutoff = epoch.addingTimeInterval(-200 * 86_400)
        let stale = memory(tenant, user: "u1", "gosta de café", importance: 3, at: longAgo)
        let important = memory(tenant, user: "u1", "CNPJ da empresa", importance: 9, at: longAgo)
        let used = memory(tenant, user: "u1", "fecha o caixa às 18h", importance: 3, at: longAgo)
        let fresh = memory(tenant, user: "u1", "nova promoção", importance: 2, at: cutoff.addingTimeInterval(60))
        #expect(try await completeWithCrew(store, tenant, id: "k1", crew: CrewEffects(memories: [stale, important, used, fresh]),
                                           at: longAgo))
        #expect(try await completeWithCrew(store, tenant, id: "k2", crew: CrewEffects(accessedMemoryIDs: [used.id]),
                                           at: cutoff.addingTimeInterval(30)))

        #expect(try await store.cleanupMemories(before: cutoff, keepImportanceAtLeast: 7) >= 1)
        let left = try await store.memories(tenantID: tenant.id, userID: "u1", limit: 10).map(\.id)
        #expect(Set(left) == [important.id, used.id, fresh.id])
    }
}

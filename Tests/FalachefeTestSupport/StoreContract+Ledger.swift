import FalachefeCore
import Foundation
import Testing

/// Ledger checks: entries written with their outcome, once per source message; period sums, listing.
extension StoreContract {
    /// An entry of `tenant` with whole-millisecond times.
    public static func entry(
        _ tenant: Tenant, _ kind: LedgerEntry.Kind, _ cents: Int64, _ category: String, _ day: String,
        source: String = UUID().uuidString, at: Date = epoch
    ) -> LedgerEntry {
        LedgerEntry(
            tenantID: tenant.id, kind: kind, amountCents: cents, category: category, day: LedgerDay(iso: day)!,
            description: "\(category) \(day)", sourceMessageID: source, userID: nil, createdAt: at
        )
    }

    /// The phone of the messages that `book` completes (not the contract's usual customer,
    /// whose conversation some checks read).
    public static let bookkeeperPhone = "5511900000099"

    /// Books `entries` the way the runtime does: with the outcome of a new message of
    /// `tenant` (without a reply, so that the outbox stays as it was). Returns whether the
    /// outcome committed.
    @discardableResult
    public static func book(_ store: some Store, _ tenant: Tenant, _ entries: [LedgerEntry]) async throws -> Bool {
        try await completeWithCrew(
            store, tenant, id: UUID().uuidString, phone: bookkeeperPhone, crew: CrewEffects(ledgerEntries: entries),
            replies: [])
    }

    /// Ledger entries commit with their message's outcome or a person's decision, once per
    /// company and source message; an outcome that is refused books nothing, and one
    /// naming another company's entry is refused.
    public static func ledgerEntriesCommitWithTheirOutcome(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let march = (LedgerDay(year: 2025, month: 3, day: 1), LedgerDay(year: 2025, month: 3, day: 31))
        let entries = { (tenant: Tenant) in
            try await store.ledgerEntries(tenantID: tenant.id, from: march.0, to: march.1, limit: 10)
        }
        let first = entry(tenant, .expense, 1_050, "aluguel", "2025-03-10", source: "wamid-9")
        #expect(try await book(store, tenant, [first]))
        // Same company and source message: the outcome commits, the entry stays as first booked.
        #expect(try await book(store, tenant, [entry(tenant, .expense, 9_999, "outro", "2025-03-11", source: "wamid-9")]))
        let elsewhere = entry(other, .income, 500, "vendas", "2025-03-10", source: "wamid-9")
        #expect(try await book(store, other, [elsewhere]))
        #expect(try await entries(tenant) == [first])
        #expect(try await entries(other) == [elsewhere])

        // A completion refused because its row is no longer pending writes none of its entries.
        let sequence = try await acceptNew(store, message(tenant, id: "late", phone: bookkeeperPhone))
        let late = { (entry: LedgerEntry) in
            ProcessingOutcome(
                tenantID: tenant.id, sequence: sequence, messageID: "late", status: .processed, replyTo: bookkeeperPhone,
                replies: [], at: epoch, crew: CrewEffects(ledgerEntries: [entry]))
        }
        let booked = entry(tenant, .income, 300, "vendas", "2025-03-12", source: "late")
        #expect(try await store.complete(late(booked)).closed)
        #expect(try await store.complete(late(entry(tenant, .income, 700, "vendas", "2025-03-12", source: "late-2"))).closed == false)
        #expect(try await entries(tenant).map(\.amountCents) == [300, 1_050])

        await expectStoreError("a conflict for another company's entry", matches: { if case .conflict = $0 { true } else { false } }) {
            _ = try await book(store, tenant, [entry(tenant, .expense, 1, "outros", "2025-03-13"), entry(other, .expense, 1, "outros", "2025-03-13")])
        }
        #expect(try await entries(tenant).count == 2)
        #expect(try await entries(other).count == 1)

        // A person's approval books with the decision.
        let approved = entry(tenant, .expense, 80_000, "equipamentos", "2025-03-14", source: "asked")
        try await store.resolveApproval(ApprovalResolution(
            conversation: ConversationState(tenantID: tenant.id, phone: bookkeeperPhone, humanApprovalStatus: .approved, updatedAt: epoch),
            replyTo: bookkeeperPhone, replies: [Reply(text: "Aprovado.", agent: "financial")], key: "approval:asked", at: epoch,
            ledgerEntries: [approved]))
        #expect(try await entries(tenant).first == approved)
    }

    /// Sums by kind and by (kind, category) over an inclusive day range; entries newest first.
    public static func ledgerSummaryMath(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let booked = [
            entry(tenant, .income, 100_000, "vendas", "2025-03-01"),
            entry(tenant, .income, 2_550, "vendas", "2025-03-05"),
            entry(tenant, .expense, 1_050, "aluguel", "2025-03-02"),
            entry(tenant, .expense, 2_000, "aluguel", "2025-03-31"),
            entry(tenant, .expense, 999, "insumos", "2025-03-15"),
            entry(tenant, .income, 5_000, "vendas", "2025-02-28"),
            entry(tenant, .expense, 7_000, "aluguel", "2025-04-01"),
        ]
        try await book(store, tenant, booked)
        let from = LedgerDay(year: 2025, month: 3, day: 1)
        let to = LedgerDay(year: 2025, month: 3, day: 31)
        let summary = try await store.ledgerSummary(tenantID: tenant.id, from: from, to: to)
        #expect(summary.incomeCents == 102_550)
        #expect(summary.expenseCents == 4_049)
        #expect(summary.balanceCents == 98_501)
        #expect(Set(summary.byCategory) == [
            .init(kind: .income, category: "vendas", cents: 102_550, count: 2),
            .init(kind: .expense, category: "aluguel", cents: 3_050, count: 2),
            .init(kind: .expense, category: "insumos", cents: 999, count: 1),
        ])
        let empty = try await store.ledgerSummary(tenantID: tenant.id, from: LedgerDay(year: 2024, month: 1, day: 1),
                                                  to: LedgerDay(year: 2024, month: 12, day: 31))
        #expect(empty.incomeCents == 0 && empty.expenseCents == 0 && empty.byCategory.isEmpty)

        let entries = try await store.ledgerEntries(tenantID: tenant.id, from: from, to: to, limit: 10)
        #expect(entries.map(\.day.description) == ["2025-03-31", "2025-03-15", "2025-03-05", "2025-03-02", "2025-03-01"])
        #expect(try await store.ledgerEntries(tenantID: tenant.id, from: from, to: to, limit: 2).map(\.amountCents)
            == [2_000, 999])
    }
}

import FalachefeCore
import Foundation
import Testing

/// Ledger checks: idempotent booking, period sums, listing.
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

    /// Booking twice from the same source message returns the first entry and stores one.
    public static func bookIdempotent(_ store: some Store) async throws {
        let tenant = try await makeTenant(store)
        let other = try await makeTenant(store)
        let first = entry(tenant, .expense, 1_050, "aluguel", "2025-03-10", source: "wamid-9")
        #expect(try await store.book(first) == first)
        let again = entry(tenant, .expense, 9_999, "outro", "2025-03-11", source: "wamid-9")
        #expect(try await store.book(again) == first)
        let elsewhere = entry(other, .income, 500, "vendas", "2025-03-10", source: "wamid-9")
        #expect(try await store.book(elsewhere) == elsewhere)

        let march = (LedgerDay(year: 2025, month: 3, day: 1), LedgerDay(year: 2025, month: 3, day: 31))
        #expect(try await store.ledgerEntries(tenantID: tenant.id, from: march.0, to: march.1, limit: 10) == [first])
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
        for item in booked { _ = try await store.book(item) }
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

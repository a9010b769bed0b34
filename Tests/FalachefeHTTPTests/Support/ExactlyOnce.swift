import FalachefeCore
import Testing

/// Expects every acknowledged message (`owner:messageid`) to have booked exactly one ledger
/// entry: none lost, none processed twice.
func expectBookedExactlyOnce(_ acknowledged: [String], tenantID: String, in store: some Store) async throws {
    let entries = try await store.ledgerEntries(
        tenantID: tenantID, from: LedgerDay(year: 2000, month: 1, day: 1), to: LedgerDay(year: 2100, month: 1, day: 1),
        limit: 10_000)
    let booked = Dictionary(grouping: entries, by: \.sourceMessageID)
    for id in acknowledged {
        #expect(booked[id]?.count == 1, "acknowledged \(id) booked \(booked[id]?.count ?? 0) times")
    }
}

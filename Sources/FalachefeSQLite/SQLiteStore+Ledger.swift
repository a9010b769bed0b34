import FalachefeCore
import Foundation
import SQLiteNIO

/// Reads of the financial ledger (integer cents). Entries are written with the reply that
/// confirms them (`CrewEffectsWrite`).
extension SQLiteStore {
    private static let ledgerColumns =
        "id, company_id, kind, amount_cents, category, day, description, source_message_id, user_id, created_at"

    public func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary {
        let totals = try await read(
            """
            SELECT kind, category, sum(amount_cents) AS cents, count(*) AS n FROM ledger_entries
            WHERE company_id = ? AND day BETWEEN ? AND ?
            GROUP BY kind, category ORDER BY kind, cents DESC, category
            """,
            [.text(tenantID), .text(from.description), .text(to.description)]
        ) { row in
            LedgerSummary.CategoryTotal(
                kind: try row.decode(LedgerEntry.Kind.self, "kind"), category: try row.text("category"),
                cents: try row.int64("cents"), count: try row.int("n")
            )
        }
        let income = totals.filter { $0.kind == .income }.reduce(Int64(0)) { $0 + $1.cents }
        let expense = totals.filter { $0.kind == .expense }.reduce(Int64(0)) { $0 + $1.cents }
        return LedgerSummary(incomeCents: income, expenseCents: expense, byCategory: totals)
    }

    /// Entries of the period, newest first (by day, then by booking time).
    public func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry] {
        try await read(
            """
            SELECT \(Self.ledgerColumns) FROM ledger_entries
            WHERE company_id = ? AND day BETWEEN ? AND ?
            ORDER BY day DESC, created_at DESC, rowid DESC LIMIT ?
            """,
            [.text(tenantID), .text(from.description), .text(to.description), .int(max(limit, 0))],
            decode: Self.decodeEntry
        )
    }

    @Sendable private static func decodeEntry(_ row: SQLiteValues) throws -> LedgerEntry {
        guard let day = LedgerDay(iso: try row.text("day")) else { throw StoreError.unavailable("bad ledger day") }
        return LedgerEntry(
            id: try row.text("id"), tenantID: try row.text("company_id"),
            kind: try row.decode(LedgerEntry.Kind.self, "kind"), amountCents: try row.int64("amount_cents"),
            category: try row.text("category"), day: day, description: try row.text("description"),
            sourceMessageID: try row.text("source_message_id"), userID: row.optionalText("user_id"),
            createdAt: try row.date("created_at")
        )
    }
}

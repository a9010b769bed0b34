import FalachefeCore
import Foundation
import PostgresNIO

/// Reads of the financial ledger (integer cents); entries are written with the reply that
/// confirms them (`CrewEffectsWrite`). Days are `date` columns, bound and read as ISO
/// `yyyy-MM-dd` text.
extension PostgresStore {
    private static let ledgerColumns = """
        id, company_id, kind, amount_cents, category, to_char(day, 'YYYY-MM-DD') AS day, description,
        source_message_id, user_id, created_at
        """

    public func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary {
        let totals = try await rows(
            in: .tenant(tenantID),
            """
            SELECT kind, category, sum(amount_cents)::bigint AS cents, count(*) AS n FROM ledger_entries
            WHERE company_id = \(tenantID) AND day BETWEEN \(from.description)::date AND \(to.description)::date
            GROUP BY kind, category ORDER BY kind, cents DESC, category
            """
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

    /// Entries of the period, newest first (by day, then by booking time and order).
    public func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT \(unescaped: Self.ledgerColumns) FROM ledger_entries
            WHERE company_id = \(tenantID) AND day BETWEEN \(from.description)::date AND \(to.description)::date
            ORDER BY ledger_entries.day DESC, created_at DESC, seq DESC LIMIT \(max(limit, 0))
            """,
            decode: Self.decodeEntry
        )
    }

    private static func decodeEntry(_ row: Row) throws -> LedgerEntry {
        guard let day = LedgerDay(iso: try row.text("day")) else { throw StoreError.unavailable("bad ledger day") }
        return LedgerEntry(
            id: try row.text("id"), tenantID: try row.text("company_id"),
            kind: try row.decode(LedgerEntry.Kind.self, "kind"), amountCents: try row.int64("amount_cents"),
            category: try row.text("category"), day: day, description: try row.text("description"),
            sourceMessageID: try row.text("source_message_id"), userID: try row.optionalText("user_id"),
            createdAt: try row.date("created_at")
        )
    }
}

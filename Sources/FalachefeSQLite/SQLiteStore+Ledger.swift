import FalachefeCore
import Foundation
import SQLiteNIO

/// The financial ledger (integer cents, idempotent on the source message).
extension SQLiteStore {
    private static let ledgerColumns =
        "id, company_id, kind, amount_cents, category, day, description, source_message_id, user_id, created_at"

    /// Inserts the entry, or returns the one already booked for the same tenant and source
    /// message. The returned entry is as stored (timestamps with millisecond precision).
    public func book(_ entry: LedgerEntry) async throws -> LedgerEntry {
        try await write { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO ledger_entries (\(Self.ledgerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (company_id, source_message_id) DO NOTHING
                RETURNING \(Self.ledgerColumns)
                """,
                [.text(entry.id), .text(entry.tenantID), .text(entry.kind.rawValue), .int64(entry.amountCents),
                 .text(entry.category), .text(entry.day.description), .text(entry.description),
                 .text(entry.sourceMessageID), .optionalText(entry.userID), .date(entry.createdAt)]
            )
            if let row = inserted.first { return try Self.decodeEntry(row) }
            let existing = try await connection.query(
                "SELECT \(Self.ledgerColumns) FROM ledger_entries WHERE company_id = ? AND source_message_id = ?",
                [.text(entry.tenantID), .text(entry.sourceMessageID)]
            )
            guard let row = existing.first else { throw StoreError.unavailable("ledger entry vanished") }
            return try Self.decodeEntry(row)
        }
    }

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

    @Sendable private static func decodeEntry(_ row: SQLiteRow) throws -> LedgerEntry {
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

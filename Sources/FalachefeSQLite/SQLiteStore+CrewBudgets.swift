import FalachefeCore
import Foundation
import SQLiteNIO

/// Monthly category limits of the financial agent (`budgets`).
extension SQLiteStore {
    /// Upserts every limit in one transaction: all are written or none. A limit that is not
    /// positive or a month not written `yyyy-MM` is a conflict; an unknown company is not found.
    public func setBudgets(_ limits: [BudgetLimit]) async throws {
        guard !limits.isEmpty else { return }
        try await write { connection in
            for limit in limits {
                do {
                    try connection.execute(
                        """
                        INSERT INTO budgets (company_id, month, category, limit_cents, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (company_id, month, category) DO UPDATE SET
                          limit_cents = excluded.limit_cents, updated_at = excluded.updated_at
                        """,
                        [.text(limit.tenantID), .text(limit.month), .text(limit.category), .int64(limit.limitCents),
                         .date(limit.updatedAt)]
                    )
                } catch let error as SQLiteFailure where error.isCheckViolation {
                    throw StoreError.conflict("budget \(limit.month) \(limit.category) refused: \(error.message)")
                } catch let error as SQLiteFailure where error.isForeignKeyViolation {
                    throw StoreError.notFound("tenant \(limit.tenantID)")
                }
            }
        }
    }

    /// The company's limits for `month` (`yyyy-MM`), by category.
    public func budgets(tenantID: String, month: String) async throws -> [BudgetLimit] {
        try await read(
            """
            SELECT company_id, month, category, limit_cents, updated_at FROM budgets
            WHERE company_id = ? AND month = ? ORDER BY category
            """,
            [.text(tenantID), .text(month)]
        ) { row in
            BudgetLimit(
                tenantID: try row.text("company_id"), month: try row.text("month"), category: try row.text("category"),
                limitCents: try row.int64("limit_cents"), updatedAt: try row.date("updated_at")
            )
        }
    }
}

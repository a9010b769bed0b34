import FalachefeCore
import Foundation
import PostgresNIO

/// Monthly category limits of the financial agent (`budgets`).
extension PostgresStore {
    /// Upserts every limit in one transaction: all are written or none. A limit that is not
    /// positive or a month not written `yyyy-MM` is a conflict; an unknown company is not found.
    /// Each limit is written in its own company's scope.
    public func setBudgets(_ limits: [BudgetLimit]) async throws {
        guard !limits.isEmpty else { return }
        let logger = logger
        try await transaction(in: .tenant(limits[0].tenantID)) { connection in
            for limit in limits {
                do {
                    try await connection.enter(.tenant(limit.tenantID), logger: logger)
                    try await connection.execute(
                        """
                        INSERT INTO budgets (company_id, month, category, limit_cents, updated_at)
                        VALUES (\(limit.tenantID), \(limit.month), \(limit.category), \(limit.limitCents),
                                \(limit.updatedAt.timestamp))
                        ON CONFLICT (company_id, month, category) DO UPDATE SET
                          limit_cents = excluded.limit_cents, updated_at = excluded.updated_at
                        """, logger: logger)
                } catch let error as PSQLError where error.isCheckViolation {
                    throw StoreError.conflict("budget \(limit.month) \(limit.category) refused: \(error.summary)")
                } catch let error as PSQLError where error.isForeignKeyViolation {
                    throw StoreError.notFound("tenant \(limit.tenantID)")
                }
            }
        }
    }

    /// The company's limits for `month` (`yyyy-MM`), by category.
    public func budgets(tenantID: String, month: String) async throws -> [BudgetLimit] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT company_id, month, category, limit_cents, updated_at FROM budgets
            WHERE company_id = \(tenantID) AND month = \(month) ORDER BY category
            """
        ) { row in
            BudgetLimit(
                tenantID: try row.text("company_id"), month: try row.text("month"), category: try row.text("category"),
                limitCents: try row.int64("limit_cents"), updatedAt: try row.date("updated_at")
            )
        }
    }
}

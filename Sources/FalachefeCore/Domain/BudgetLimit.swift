import Foundation

/// A monthly spending limit for one expense category (financial tool `budget_plan`).
public struct BudgetLimit: Sendable, Hashable, Codable {
    public var tenantID: String
    /// `yyyy-MM`.
    public var month: String
    public var category: String
    public var limitCents: Int64
    public var updatedAt: Date

    public init(tenantID: String, month: String, category: String, limitCents: Int64, updatedAt: Date) {
        self.tenantID = tenantID
        self.month = month
        self.category = category
        self.limitCents = limitCents
        self.updatedAt = updatedAt
    }

    /// `yyyy-MM` of a day.
    public static func month(of day: LedgerDay) -> String {
        String(format: "%04d-%02d", day.year, day.month)
    }
}

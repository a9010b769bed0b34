import Foundation

/// The financial tools' operations on the company's ledger and budgets. Tenant and user
/// ids come from the request; every result is read back from the store, so a reply built
/// from it only ever reports what was really written.
struct FinancialDesk<Store: CrewStore>: Sendable {
    let store: Store
    let request: CrewRequest

    /// Longest entry description, in characters.
    static var descriptionLimit: Int { 140 }

    /// What booking wrote, with the month's balance and the category's budget status.
    struct Booking: Sendable, Hashable {
        var entry: LedgerEntry
        /// The entry existed already (same source message): nothing new was booked.
        var repeated: Bool
        var monthBalanceCents: Int64
        var budget: BudgetStatus?
    }

    /// A category's spending against its monthly limit.
    struct BudgetStatus: Sendable, Hashable {
        var category: String
        var limitCents: Int64
        var spentCents: Int64

        var isOver: Bool { spentCents > limitCents }
        /// Spent share of the limit, in percent.
        var percent: Int { limitCents > 0 ? Int(spentCents * 100 / limitCents) : 0 }
    }

    /// add_expense / add_income. `key` is the idempotency key (the inbound message id).
    func book(
        _ kind: LedgerEntry.Kind, amountCents: Int64, category: String?, day: LedgerDay?, description: String, key: String
    ) async throws -> Booking {
        let entry = LedgerEntry(
            tenantID: request.tenant.id, kind: kind, amountCents: amountCents,
            category: category ?? FinanceCategory.outros.rawValue, day: day ?? request.today,
            description: String(description.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.descriptionLimit)),
            sourceMessageID: key, userID: request.user.id)
        let booked = try await store.book(entry)
        let month = PeriodParser.month(of: booked.day)
        let summary = try await store.ledgerSummary(tenantID: booked.tenantID, from: month.from, to: month.to)
        var budget: BudgetStatus?
        if booked.kind == .expense,
           let limit = try await store.budgets(tenantID: booked.tenantID, month: BudgetLimit.month(of: booked.day))
               .first(where: { $0.category == booked.category }) {
            budget = BudgetStatus(
                category: limit.category, limitCents: limit.limitCents,
                spentCents: summary.total(kind: .expense, category: limit.category))
        }
        return Booking(entry: booked, repeated: booked.id != entry.id, monthBalanceCents: summary.balanceCents, budget: budget)
    }

    /// cash_flow_report(period).
    func summary(_ period: Period) async throws -> LedgerSummary {
        try await store.ledgerSummary(tenantID: request.tenant.id, from: period.from, to: period.to)
    }

    /// list_transactions(period, category): newest first.
    func transactions(_ period: Period, category: String?, limit: Int = 20) async throws -> [LedgerEntry] {
        let entries = try await store.ledgerEntries(tenantID: request.tenant.id, from: period.from, to: period.to, limit: 500)
        let filtered = category.map { wanted in entries.filter { $0.category == wanted } } ?? entries
        return Array(filtered.sorted { ($0.day, $0.createdAt) > ($1.day, $1.createdAt) }.prefix(limit))
    }

    /// budget_plan(month, limits): writes the limits (if any) and returns the month's status.
    func budgetPlan(month: LedgerDay, limits: [String: Int64]) async throws -> [BudgetStatus] {
        let key = BudgetLimit.month(of: month)
        if !limits.isEmpty {
            try await store.setBudgets(limits.map {
                BudgetLimit(tenantID: request.tenant.id, month: key, category: $0.key, limitCents: $0.value, updatedAt: request.now)
            })
        }
        let stored = try await store.budgets(tenantID: request.tenant.id, month: key)
        let period = PeriodParser.month(of: month)
        let summary = try await summary(period)
        return stored.map {
            BudgetStatus(category: $0.category, limitCents: $0.limitCents, spentCents: summary.total(kind: .expense, category: $0.category))
        }.sorted { $0.category < $1.category }
    }
}

extension LedgerSummary {
    /// Total of one kind in one category.
    func total(kind: LedgerEntry.Kind, category: String) -> Int64 {
        byCategory.filter { $0.kind == kind && $0.category == category }.reduce(0) { $0 + $1.cents }
    }
}

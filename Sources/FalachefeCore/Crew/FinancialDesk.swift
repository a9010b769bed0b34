import Foundation

/// The financial tools' operations on the company's ledger and budgets. Tenant and user
/// ids come from the request. Booking stages the entry instead of writing it: staged
/// entries reach the store with the message's reply, in one transaction
/// (`CrewEffects.ledgerEntries`), and every report of this message reads the store plus
/// what it staged — so a reply only ever reports what it commits with.
struct FinancialDesk<Store: CrewStore>: Sendable {
    let store: Store
    let request: CrewRequest
    /// Entries booked while answering this message, in booking order.
    private(set) var staged: [LedgerEntry] = []

    init(store: Store, request: CrewRequest) {
        self.store = store
        self.request = request
    }

    /// Longest entry description, in characters.
    static var descriptionLimit: Int { 140 }

    /// What booking staged, with the month's balance and the category's budget status.
    struct Booking: Sendable, Hashable {
        var entry: LedgerEntry
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
    mutating func book(
        _ kind: LedgerEntry.Kind, amountCents: Int64, category: String?, day: LedgerDay?, description: String, key: String
    ) async throws -> Booking {
        let entry = LedgerEntry(
            tenantID: request.tenant.id, kind: kind, amountCents: amountCents,
            category: category ?? FinanceCategory.outros.rawValue, day: day ?? request.today,
            description: String(description.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.descriptionLimit)),
            sourceMessageID: key, userID: request.user.id, createdAt: request.now)
        stage(entry)
        let summary = try await summary(PeriodParser.month(of: entry.day))
        var budget: BudgetStatus?
        if entry.kind == .expense,
           let limit = try await store.budgets(tenantID: entry.tenantID, month: BudgetLimit.month(of: entry.day))
               .first(where: { $0.category == entry.category }) {
            budget = BudgetStatus(
                category: limit.category, limitCents: limit.limitCents,
                spentCents: summary.total(kind: .expense, category: limit.category))
        }
        return Booking(entry: entry, monthBalanceCents: summary.balanceCents, budget: budget)
    }

    /// Counts an entry booked by another copy of this desk (the agent's) in later reports.
    mutating func stage(_ entry: LedgerEntry) {
        staged.append(entry)
    }

    /// cash_flow_report(period): the store's sums plus this message's staged entries.
    func summary(_ period: Period) async throws -> LedgerSummary {
        try await store.ledgerSummary(tenantID: request.tenant.id, from: period.from, to: period.to)
            .adding(staged.filter { (period.from...period.to).contains($0.day) })
    }

    /// list_transactions(period, category): newest first, this message's staged entries included.
    func transactions(_ period: Period, category: String?, limit: Int = 20) async throws -> [LedgerEntry] {
        let entries = try await store.ledgerEntries(tenantID: request.tenant.id, from: period.from, to: period.to, limit: 500)
            + staged.filter { (period.from...period.to).contains($0.day) }
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
    /// The summary with `entries` counted in, category totals in the store's order (kind,
    /// then largest first, then name).
    func adding(_ entries: [LedgerEntry]) -> LedgerSummary {
        guard !entries.isEmpty else { return self }
        var totals = byCategory
        for entry in entries {
            if let index = totals.firstIndex(where: { $0.kind == entry.kind && $0.category == entry.category }) {
                totals[index].cents += entry.amountCents
                totals[index].count += 1
            } else {
                totals.append(CategoryTotal(kind: entry.kind, category: entry.category, cents: entry.amountCents, count: 1))
            }
        }
        totals.sort { ($0.kind.rawValue, -$0.cents, $0.category) < ($1.kind.rawValue, -$1.cents, $1.category) }
        let sum = { (kind: LedgerEntry.Kind) in entries.filter { $0.kind == kind }.reduce(Int64(0)) { $0 + $1.amountCents } }
        return LedgerSummary(
            incomeCents: incomeCents + sum(.income), expenseCents: expenseCents + sum(.expense), byCategory: totals)
    }

    /// Total of one kind in one category.
    func total(kind: LedgerEntry.Kind, category: String) -> Int64 {
        byCategory.filter { $0.kind == kind && $0.category == category }.reduce(0) { $0 + $1.cents }
    }
}

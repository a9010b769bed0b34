import Foundation

/// Books incomes and expenses and reports on the ledger. Tenant and user always come
/// from the request, never from the model; confirmations are built only from what the
/// store returned.
struct FinancialAgent<Ledger: LedgerStore>: Sendable {
    let ledger: Ledger

    /// Longest entry description, in characters.
    static var descriptionLimit: Int { 140 }

    func respond(to request: CrewRequest, analysis: MessageAnalysis) async throws -> Reply {
        let text: String
        switch analysis.action {
        case .addExpense:
            text = try await book(.expense, request: request, entities: analysis.entities)
        case .addIncome:
            text = try await book(.income, request: request, entities: analysis.entities)
        case .cashFlowReport:
            text = try await cashFlowReport(request: request, entities: analysis.entities)
        case .categoryBreakdown:
            text = try await categoryBreakdown(request: request, entities: analysis.entities)
        default:
            text = FinancialGlossary.explain(request.message.text)
        }
        return Reply(text: text, agent: AgentRole.financial.rawValue)
    }

    /// add_expense / add_income.
    private func book(_ kind: LedgerEntry.Kind, request: CrewRequest, entities: MessageAnalysis.Entities) async throws -> String {
        guard let amount = entities.amountCents, amount > 0 else {
            let example = kind == .expense ? "gastei 50 reais no almoço" : "recebi 500 reais de venda"
            return "Qual foi o valor? Me mande de novo com o valor, por exemplo: \"\(example)\"."
        }
        let entry = LedgerEntry(
            tenantID: request.tenant.id, kind: kind, amountCents: amount,
            category: entities.category ?? FinanceCategory.outros.rawValue,
            day: entities.day ?? request.today,
            description: String(request.message.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.descriptionLimit)),
            sourceMessageID: request.message.messageID, userID: request.user.id)
        let booked = try await ledger.book(entry)
        let from = CrewCalendar.startOfMonth(booked.day)
        let summary = try await ledger.ledgerSummary(tenantID: booked.tenantID, from: from, to: CrewCalendar.endOfMonth(booked.day))
        let kindName = booked.kind == .expense ? "despesa" : "receita"
        let sameMonth = from == CrewCalendar.startOfMonth(request.today)
        let monthLabel = sameMonth ? "do mês" : String(format: "de %02d/%04d", booked.day.month, booked.day.year)
        let repeated = booked.id != entry.id ? " (esse lançamento já estava registrado)" : ""
        return "Anotado\(repeated): \(kindName) de \(BRL.format(cents: booked.amountCents)) em \(booked.category) "
            + "(\(booked.day.brazilian)). Saldo \(monthLabel): \(BRL.format(cents: summary.balanceCents))."
    }

    /// cash_flow_report(period): incomes, expenses and balance.
    private func cashFlowReport(request: CrewRequest, entities: MessageAnalysis.Entities) async throws -> String {
        let period = entities.period ?? PeriodParser.currentMonth(today: request.today)
        let summary = try await ledger.ledgerSummary(tenantID: request.tenant.id, from: period.from, to: period.to)
        var lines = ["Fluxo de caixa – \(period.label) (\(Self.range(period))):"]
        guard summary.incomeCents != 0 || summary.expenseCents != 0 else {
            return lines[0] + "\nAinda não há lançamentos nesse período. Para anotar, mande algo como \"gastei 50 reais no almoço\"."
        }
        lines.append("Entradas: \(BRL.format(cents: summary.incomeCents))")
        lines.append("Saídas: \(BRL.format(cents: summary.expenseCents))")
        lines.append("Saldo: \(BRL.format(cents: summary.balanceCents))")
        if let category = entities.category {
            let cents = summary.byCategory.filter { $0.category == category }.reduce(Int64(0)) { $0 + $1.cents }
            lines.append("Em \(category): \(BRL.format(cents: cents))")
        }
        if summary.balanceCents < 0 {
            lines.append("Atenção: as saídas passaram das entradas nesse período.")
        }
        return lines.joined(separator: "\n")
    }

    /// category_breakdown(period): expenses by category, largest first, with percentages.
    private func categoryBreakdown(request: CrewRequest, entities: MessageAnalysis.Entities) async throws -> String {
        let period = entities.period ?? PeriodParser.currentMonth(today: request.today)
        let summary = try await ledger.ledgerSummary(tenantID: request.tenant.id, from: period.from, to: period.to)
        var totals: [String: Int64] = [:]
        for item in summary.byCategory where item.kind == .expense {
            totals[item.category, default: 0] += item.cents
        }
        let total = totals.values.reduce(0, +)
        let header = "Gastos por categoria – \(period.label) (\(Self.range(period))):"
        guard total > 0 else { return header + "\nNenhuma despesa registrada nesse período." }
        let sorted = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let lines = sorted.map { "• \($0.key): \(BRL.format(cents: $0.value)) (\(BRL.percent($0.value, of: total)))" }
        return ([header] + lines + ["Total: \(BRL.format(cents: total))"]).joined(separator: "\n")
    }

    /// "01/11 a 30/11", or one day.
    private static func range(_ period: Period) -> String {
        if period.from == period.to { return period.from.brazilian }
        return "\(CrewCalendar.short(period.from)) a \(CrewCalendar.short(period.to))"
    }
}

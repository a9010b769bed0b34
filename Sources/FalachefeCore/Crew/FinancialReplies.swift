import Foundation

/// The financial agent's Portuguese texts, built only from the store and what the message books.
enum FinancialReplies {
    static func booked(_ booking: FinancialDesk<some CrewStore>.Booking, today: LedgerDay) -> String {
        let entry = booking.entry
        let kindName = entry.kind == .expense ? "despesa" : "receita"
        let sameMonth = CrewCalendar.startOfMonth(entry.day) == CrewCalendar.startOfMonth(today)
        let monthLabel = sameMonth ? "do mês" : String(format: "de %02d/%04d", entry.day.month, entry.day.year)
        var text = "Anotado: \(kindName) de \(BRL.format(cents: entry.amountCents)) em \(entry.category) "
            + "(\(entry.day.brazilian)). Saldo \(monthLabel): \(BRL.format(cents: booking.monthBalanceCents))."
        if let budget = booking.budget { text += budgetAlert(budget).map { "\n" + $0 } ?? "" }
        return text
    }

    /// An alert when a category passed its limit, or a warning from 80% on.
    static func budgetAlert(_ status: FinancialDesk<some CrewStore>.BudgetStatus) -> String? {
        if status.isOver {
            return "⚠️ Alerta de orçamento: \(status.category) já passou do limite de \(BRL.format(cents: status.limitCents)) "
                + "(gasto no mês: \(BRL.format(cents: status.spentCents)))."
        }
        guard status.percent >= 80 else { return nil }
        return "Atenção: \(status.category) já usou \(status.percent)% do orçamento do mês "
            + "(\(BRL.format(cents: status.spentCents)) de \(BRL.format(cents: status.limitCents)))."
    }

    static func cashFlow(_ summary: LedgerSummary, period: Period, category: String?) -> String {
        var lines = ["Fluxo de caixa – \(period.label) (\(range(period))):"]
        guard summary.incomeCents != 0 || summary.expenseCents != 0 else {
            return lines[0] + "\nAinda não há lançamentos nesse período. Para anotar, mande algo como \"gastei 50 reais no almoço\"."
        }
        lines.append("Entradas: \(BRL.format(cents: summary.incomeCents))")
        lines.append("Saídas: \(BRL.format(cents: summary.expenseCents))")
        lines.append("Saldo: \(BRL.format(cents: summary.balanceCents))")
        if let category {
            let cents = summary.byCategory.filter { $0.category == category }.reduce(Int64(0)) { $0 + $1.cents }
            lines.append("Em \(category): \(BRL.format(cents: cents))")
        }
        if summary.balanceCents < 0 { lines.append("Atenção: as saídas passaram das entradas nesse período.") }
        return lines.joined(separator: "\n")
    }

    static func breakdown(_ summary: LedgerSummary, period: Period, kind: LedgerEntry.Kind = .expense) -> String {
        var totals: [String: Int64] = [:]
        for item in summary.byCategory where item.kind == kind { totals[item.category, default: 0] += item.cents }
        let total = totals.values.reduce(0, +)
        let noun = kind == .expense ? "Gastos" : "Receitas"
        let header = "\(noun) por categoria – \(period.label) (\(range(period))):"
        guard total > 0 else { return header + "\nNenhum lançamento desse tipo nesse período." }
        let sorted = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let lines = sorted.map { "• \($0.key): \(BRL.format(cents: $0.value)) (\(BRL.percent($0.value, of: total)))" }
        return ([header] + lines + ["Total: \(BRL.format(cents: total))"]).joined(separator: "\n")
    }

    static func transactions(_ entries: [LedgerEntry], period: Period, category: String?) -> String {
        let scope = category.map { " em \($0)" } ?? ""
        let header = "Lançamentos\(scope) – \(period.label) (\(range(period))):"
        guard !entries.isEmpty else { return header + "\nNenhum lançamento encontrado." }
        let lines = entries.map { entry in
            let sign = entry.kind == .expense ? "−" : "+"
            return "• \(CrewCalendar.short(entry.day)) \(sign)\(BRL.format(cents: entry.amountCents)) \(entry.category): \(entry.description)"
        }
        return ([header] + lines).joined(separator: "\n")
    }

    static func budget(_ statuses: [FinancialDesk<some CrewStore>.BudgetStatus], month: LedgerDay, changed: Bool) -> String {
        let label = String(format: "%02d/%04d", month.month, month.year)
        guard !statuses.isEmpty else {
            return "Ainda não há orçamento para \(label). Para definir, mande algo como \"orçamento de 500 para alimentação\"."
        }
        let header = changed ? "Orçamento de \(label) salvo:" : "Orçamento de \(label):"
        let lines = statuses.map { status in
            "• \(status.category): limite \(BRL.format(cents: status.limitCents)), gasto \(BRL.format(cents: status.spentCents)) (\(status.percent)%)"
                + (status.isOver ? " ⚠️ passou do limite" : "")
        }
        return ([header] + lines).joined(separator: "\n")
    }

    /// "01/11 a 30/11", or one day.
    static func range(_ period: Period) -> String {
        if period.from == period.to { return period.from.brazilian }
        return "\(CrewCalendar.short(period.from)) a \(CrewCalendar.short(period.to))"
    }
}

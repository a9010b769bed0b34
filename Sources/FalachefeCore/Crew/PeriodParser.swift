import Foundation

/// Finds the report period a message asks about, relative to the company's `today`.
///
/// Understands "hoje", "ontem", "esta semana"/"semana", "semana passada", "este mês"/"mês",
/// "mês passado", "este ano"/"ano", "ano passado", "últimos N dias" and month names
/// ("março"), plus their English forms. Reports without a period use `currentMonth`.
public enum PeriodParser {
    private static let monthNames = [
        "janeiro", "fevereiro", "marco", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ]
    private static let monthLabels = [
        "janeiro", "fevereiro", "março", "abril", "maio", "junho",
        "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
    ]

    /// The period mentioned in `text`, or `nil` when none is.
    public static func period(in text: String, today: LedgerDay) -> Period? {
        let words = CrewText(text)
        if let days = lastDays(words) {
            return Period(from: today.adding(days: -(days - 1)), to: today, label: "últimos \(days) dias")
        }
        if words.has(["hoje", "today"]) { return Period(from: today, to: today, label: "hoje") }
        if words.has("anteontem") {
            let day = today.adding(days: -2)
            return Period(from: day, to: day, label: "anteontem")
        }
        if words.has(["ontem", "yesterday"]) {
            let day = today.adding(days: -1)
            return Period(from: day, to: day, label: "ontem")
        }
        if words.has(anyPhrase: ["semana passada", "ultima semana", "last week"]) {
            let monday = CrewCalendar.startOfWeek(today).adding(days: -7)
            return Period(from: monday, to: monday.adding(days: 6), label: "semana passada")
        }
        if words.has(["semana", "week"]) {
            return Period(from: CrewCalendar.startOfWeek(today), to: today, label: "esta semana")
        }
        if words.has(anyPhrase: ["mes passado", "ultimo mes", "last month"]) {
            let start = CrewCalendar.previousMonth(today)
            return Period(from: start, to: CrewCalendar.endOfMonth(start), label: "mês passado")
        }
        if words.has(["mes", "mensal", "month"]) { return currentMonth(today: today) }
        if words.has(anyPhrase: ["ano passado", "last year"]) {
            let year = today.year - 1
            return Period(
                from: LedgerDay(year: year, month: 1, day: 1), to: LedgerDay(year: year, month: 12, day: 31),
                label: "ano passado")
        }
        if words.has(["ano", "anual", "year"]) {
            return Period(
                from: LedgerDay(year: today.year, month: 1, day: 1), to: LedgerDay(year: today.year, month: 12, day: 31),
                label: "este ano")
        }
        if let month = words.words.lazy.compactMap({ monthNames.firstIndex(of: $0) }).first {
            return namedMonth(month + 1, today: today)
        }
        return nil
    }

    /// The month of `today`, the default period of reports.
    public static func currentMonth(today: LedgerDay) -> Period {
        Period(from: CrewCalendar.startOfMonth(today), to: CrewCalendar.endOfMonth(today), label: "este mês")
    }

    /// The whole month of `day`, labelled "11/2026".
    public static func month(of day: LedgerDay) -> Period {
        let start = CrewCalendar.startOfMonth(day)
        return Period(from: start, to: CrewCalendar.endOfMonth(start), label: String(format: "%02d/%04d", day.month, day.year))
    }

    /// A tool argument: a period in words ("este mês", "março") or `yyyy-mm-dd..yyyy-mm-dd`.
    public static func period(argument: String?, today: LedgerDay) -> Period? {
        guard let argument = argument?.trimmingCharacters(in: .whitespaces), !argument.isEmpty else { return nil }
        let bounds = argument.components(separatedBy: "..")
        if bounds.count == 2, let from = LedgerDay(iso: bounds[0]), let to = LedgerDay(iso: bounds[1]), from <= to {
            return Period(from: from, to: to, label: "\(from.brazilian) a \(to.brazilian)")
        }
        if let day = LedgerDay(iso: argument) { return Period(from: day, to: day, label: day.brazilian) }
        return period(in: argument, today: today)
    }

    /// A month by name: this year's, or last year's when it has not started yet.
    private static func namedMonth(_ month: Int, today: LedgerDay) -> Period {
        let year = month > today.month ? today.year - 1 : today.year
        let start = LedgerDay(year: year, month: month, day: 1)
        return Period(from: start, to: CrewCalendar.endOfMonth(start), label: "\(monthLabels[month - 1])/\(year)")
    }

    /// N in "últimos N dias" / "last N days" (1…366).
    private static func lastDays(_ text: CrewText) -> Int? {
        let words = text.words
        for (index, word) in words.enumerated() where ["ultimos", "last", "passados"].contains(word) {
            guard index + 2 < words.count, let days = Int(words[index + 1]), (1...366).contains(days),
                  ["dias", "days"].contains(words[index + 2]) else { continue }
            return days
        }
        for (index, word) in words.enumerated() where word == "dias" && index > 0 {
            if let days = Int(words[index - 1]), (1...366).contains(days), index + 1 < words.count,
               words[index + 1] == "atras" || words[index + 1] == "passados" {
                return days
            }
        }
        return nil
    }
}

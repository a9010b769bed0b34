import Foundation

/// Finds the day money moved in a message, relative to the company's `today`.
///
/// Understands "hoje"/"today", "ontem"/"yesterday", "anteontem", "dia 5", "dd/mm",
/// "dd/mm/aaaa" and "dd/mm/aa". A date without a year that would be in the future is
/// taken from the previous year ("dia" without a month: the previous month). Invalid
/// dates (31/02) yield `nil`; "dia 31" in a 30-day month means the previous month's.
public enum DateParser {
    /// The day mentioned in `text`, or `nil` when none (or an invalid one) is mentioned.
    public static func day(in text: String, today: LedgerDay) -> LedgerDay? {
        if let slashed = slashedDate(in: text) {
            return resolve(slashed, today: today)
        }
        let words = CrewText(text).words
        if words.contains("anteontem") || containsSequence(words, ["antes", "de", "ontem"]) { return today.adding(days: -2) }
        if words.contains("ontem") || words.contains("yesterday") { return today.adding(days: -1) }
        if words.contains("hoje") || words.contains("today") { return today }
        if let index = words.firstIndex(of: "dia"), index + 1 < words.count, let number = Int(words[index + 1]),
           words[index + 1].count <= 2 {
            var candidate = LedgerDay(year: today.year, month: today.month, day: number)
            if !candidate.isValid || candidate > today {
                let previous = CrewCalendar.previousMonth(today)
                candidate = LedgerDay(year: previous.year, month: previous.month, day: number)
            }
            return candidate.isValid ? candidate : nil
        }
        return nil
    }

    /// Day, month and optional year of the first "dd/mm[/aa[aa]]" in `text`.
    private static func slashedDate(in text: String) -> (day: Int, month: Int, year: Int?)? {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber,
                  index == 0 || !(characters[index - 1].isNumber || characters[index - 1] == "/") else {
                index += 1
                continue
            }
            var fields: [String] = []
            var current = ""
            var end = index
            while end < characters.count {
                let c = characters[end]
                if c.isASCII, c.isNumber {
                    current.append(c)
                } else if c == "/", !current.isEmpty, end + 1 < characters.count, characters[end + 1].isNumber {
                    fields.append(current)
                    current = ""
                } else {
                    break
                }
                end += 1
            }
            fields.append(current)
            if fields.count >= 2, !isFraction(fields, followedBy: String(characters[end...])), let parsed = fieldsToDate(fields) {
                return parsed
            }
            index = end
        }
        return nil
    }

    /// "1/3 de férias", "1/2 do valor": a single-digit fraction, not a date.
    private static func isFraction(_ fields: [String], followedBy rest: String) -> Bool {
        guard fields.count == 2, fields.allSatisfy({ $0.count == 1 }) else { return false }
        let next = CrewText(rest).words.first ?? ""
        return ["de", "do", "da", "dos", "das", "adicional", "of"].contains(next)
    }

    private static func fieldsToDate(_ fields: [String]) -> (day: Int, month: Int, year: Int?)? {
        guard fields.count <= 3, fields[0].count <= 2, fields[1].count <= 2,
              let day = Int(fields[0]), let month = Int(fields[1]) else { return nil }
        guard fields.count == 3 else { return (day, month, nil) }
        let yearText = fields[2]
        guard yearText.count == 2 || yearText.count == 4, let year = Int(yearText) else { return nil }
        return (day, month, yearText.count == 2 ? 2000 + year : year)
    }

    private static func resolve(_ date: (day: Int, month: Int, year: Int?), today: LedgerDay) -> LedgerDay? {
        guard (1...12).contains(date.month), (1...31).contains(date.day) else { return nil }
        if let year = date.year {
            let day = LedgerDay(year: year, month: date.month, day: date.day)
            return day.isValid ? day : nil
        }
        var day = LedgerDay(year: today.year, month: date.month, day: date.day)
        if day > today { day.year -= 1 }
        return day.isValid ? day : nil
    }

    private static func containsSequence(_ words: [String], _ sequence: [String]) -> Bool {
        guard words.count >= sequence.count else { return false }
        return (0...(words.count - sequence.count)).contains { Array(words[$0..<($0 + sequence.count)]) == sequence }
    }
}

import Foundation

/// Calendar arithmetic on `LedgerDay` (Gregorian, no time zone) for the parsers and reports.
enum CrewCalendar {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone.current
        return calendar
    }()

    /// Number of days in `month` of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let range = calendar.range(of: .day, in: .month, for: date) else { return 30 }
        return range.count
    }

    /// The first day of the month of `day`.
    static func startOfMonth(_ day: LedgerDay) -> LedgerDay {
        LedgerDay(year: day.year, month: day.month, day: 1)
    }

    /// The last day of the month of `day`.
    static func endOfMonth(_ day: LedgerDay) -> LedgerDay {
        LedgerDay(year: day.year, month: day.month, day: daysInMonth(year: day.year, month: day.month))
    }

    /// The first day of the previous month.
    static func previousMonth(_ day: LedgerDay) -> LedgerDay {
        day.month == 1 ? LedgerDay(year: day.year - 1, month: 12, day: 1) : LedgerDay(year: day.year, month: day.month - 1, day: 1)
    }

    /// The Monday of the week of `day` (weeks start on Monday, as in Brazil's business use).
    static func startOfWeek(_ day: LedgerDay) -> LedgerDay {
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return day }
        // Calendar weekday: 1 = Sunday … 7 = Saturday. Days since Monday: Sunday → 6.
        let sinceMonday = (calendar.component(.weekday, from: date) + 5) % 7
        return day.adding(days: -sinceMonday)
    }

    /// "29/11" — day and month.
    static func short(_ day: LedgerDay) -> String {
        String(format: "%02d/%02d", day.day, day.month)
    }
}

import Testing
@testable import FalachefeCore

@Suite("DateParser")
struct DateParserTests {
    let today = LedgerDay(year: 2026, month: 11, day: 29)

    @Test func relativeWords() {
        #expect(DateParser.day(in: "gastei hoje", today: today) == today)
        #expect(DateParser.day(in: "spent today", today: today) == today)
        #expect(DateParser.day(in: "paguei ontem", today: today) == LedgerDay(year: 2026, month: 11, day: 28))
        #expect(DateParser.day(in: "yesterday", today: today) == LedgerDay(year: 2026, month: 11, day: 28))
        #expect(DateParser.day(in: "Anteontem comprei", today: today) == LedgerDay(year: 2026, month: 11, day: 27))
        #expect(DateParser.day(in: "antes de ontem", today: today) == LedgerDay(year: 2026, month: 11, day: 27))
    }

    @Test func relativeWordsCrossMonthAndYear() {
        let newYear = LedgerDay(year: 2026, month: 1, day: 1)
        #expect(DateParser.day(in: "ontem", today: newYear) == LedgerDay(year: 2025, month: 12, day: 31))
        #expect(DateParser.day(in: "anteontem", today: LedgerDay(year: 2024, month: 3, day: 1)) == LedgerDay(year: 2024, month: 2, day: 28))
    }

    @Test func dayAndMonthUseThisYearUnlessFuture() {
        #expect(DateParser.day(in: "paguei em 12/03", today: today) == LedgerDay(year: 2026, month: 3, day: 12))
        #expect(DateParser.day(in: "29/11", today: today) == today)
        #expect(DateParser.day(in: "em 15/12", today: today) == LedgerDay(year: 2025, month: 12, day: 15))
        #expect(DateParser.day(in: "1/2", today: today) == LedgerDay(year: 2026, month: 2, day: 1))
    }

    @Test func fullDates() {
        #expect(DateParser.day(in: "12/03/2026", today: today) == LedgerDay(year: 2026, month: 3, day: 12))
        #expect(DateParser.day(in: "12/03/25", today: today) == LedgerDay(year: 2025, month: 3, day: 12))
        #expect(DateParser.day(in: "29/02/2024", today: today) == LedgerDay(year: 2024, month: 2, day: 29))
    }

    @Test(arguments: ["31/02", "31/02/2026", "29/02/2026", "00/10", "10/13", "32/01", "12/03/123", "sem data", ""])
    func invalidOrMissing(text: String) {
        #expect(DateParser.day(in: text, today: today) == nil)
    }

    @Test func dayOfMonth() {
        #expect(DateParser.day(in: "paguei o aluguel dia 5", today: today) == LedgerDay(year: 2026, month: 11, day: 5))
        #expect(DateParser.day(in: "dia 30", today: today) == LedgerDay(year: 2026, month: 10, day: 30))
        #expect(DateParser.day(in: "dia 31", today: today) == LedgerDay(year: 2026, month: 10, day: 31))
        #expect(DateParser.day(in: "dia 31", today: LedgerDay(year: 2026, month: 3, day: 10)) == nil)
    }

    @Test func fractionsAreNotDates() {
        #expect(DateParser.day(in: "paguei 1/3 de férias", today: today) == nil)
        #expect(DateParser.day(in: "1/2 do valor", today: today) == nil)
        #expect(DateParser.day(in: "gastei 50 no dia 1/3", today: today) == LedgerDay(year: 2026, month: 3, day: 1))
    }

    @Test func explicitDateWinsOverWords() {
        #expect(DateParser.day(in: "hoje lancei a nota de 10/11", today: today) == LedgerDay(year: 2026, month: 11, day: 10))
    }
}

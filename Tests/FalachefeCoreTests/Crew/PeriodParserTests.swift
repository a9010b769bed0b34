import Testing
@testable import FalachefeCore

@Suite("PeriodParser")
struct PeriodParserTests {
    /// A Sunday.
    let today = LedgerDay(year: 2026, month: 11, day: 29)

    @Test func days() {
        #expect(PeriodParser.period(in: "vendas de hoje", today: today) == Period(from: today, to: today, label: "hoje"))
        let yesterday = LedgerDay(year: 2026, month: 11, day: 28)
        #expect(PeriodParser.period(in: "gastos de ontem", today: today) == Period(from: yesterday, to: yesterday, label: "ontem"))
    }

    @Test func weeks() {
        let monday = LedgerDay(year: 2026, month: 11, day: 23)
        #expect(PeriodParser.period(in: "saldo desta semana", today: today) == Period(from: monday, to: today, label: "esta semana"))
        #expect(PeriodParser.period(in: "semana", today: today)?.from == monday)
        let wednesday = LedgerDay(year: 2026, month: 11, day: 25)
        #expect(PeriodParser.period(in: "esta semana", today: wednesday)?.from == monday)
        #expect(PeriodParser.period(in: "semana passada", today: today)
            == Period(from: LedgerDay(year: 2026, month: 11, day: 16), to: LedgerDay(year: 2026, month: 11, day: 22), label: "semana passada"))
    }

    @Test func months() {
        let november = Period(from: LedgerDay(year: 2026, month: 11, day: 1), to: LedgerDay(year: 2026, month: 11, day: 30), label: "este mês")
        #expect(PeriodParser.period(in: "fluxo de caixa deste mês", today: today) == november)
        #expect(PeriodParser.period(in: "quanto gastei esse mes", today: today) == november)
        #expect(PeriodParser.currentMonth(today: today) == november)
        #expect(PeriodParser.period(in: "mês passado", today: today)
            == Period(from: LedgerDay(year: 2026, month: 10, day: 1), to: LedgerDay(year: 2026, month: 10, day: 31), label: "mês passado"))
        #expect(PeriodParser.period(in: "mes passado", today: LedgerDay(year: 2026, month: 1, day: 15))
            == Period(from: LedgerDay(year: 2025, month: 12, day: 1), to: LedgerDay(year: 2025, month: 12, day: 31), label: "mês passado"))
        #expect(PeriodParser.currentMonth(today: LedgerDay(year: 2024, month: 2, day: 10)).to == LedgerDay(year: 2024, month: 2, day: 29))
    }

    @Test func years() {
        #expect(PeriodParser.period(in: "resultado deste ano", today: today)
            == Period(from: LedgerDay(year: 2026, month: 1, day: 1), to: LedgerDay(year: 2026, month: 12, day: 31), label: "este ano"))
        #expect(PeriodParser.period(in: "ano passado", today: today)?.from == LedgerDay(year: 2025, month: 1, day: 1))
    }

    @Test func lastNDays() {
        #expect(PeriodParser.period(in: "gastos dos últimos 7 dias", today: today)
            == Period(from: LedgerDay(year: 2026, month: 11, day: 23), to: today, label: "últimos 7 dias"))
        #expect(PeriodParser.period(in: "ultimos 30 dias", today: today)?.from == LedgerDay(year: 2026, month: 10, day: 31))
        #expect(PeriodParser.period(in: "last 1 days", today: today)?.from == today)
    }

    @Test func monthNames() {
        #expect(PeriodParser.period(in: "fluxo de caixa de março", today: today)
            == Period(from: LedgerDay(year: 2026, month: 3, day: 1), to: LedgerDay(year: 2026, month: 3, day: 31), label: "março/2026"))
        #expect(PeriodParser.period(in: "dezembro", today: today)?.from == LedgerDay(year: 2025, month: 12, day: 1))
    }

    @Test func nothingSaid() {
        #expect(PeriodParser.period(in: "qual meu saldo?", today: today) == nil)
    }
}

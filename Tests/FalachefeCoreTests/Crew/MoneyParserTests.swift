import Testing
@testable import FalachefeCore

@Suite("MoneyParser")
struct MoneyParserTests {
    @Test(arguments: [
        ("R$ 1.234,56", Int64(123_456)),
        ("1.500", 150_000),
        ("100,00", 10_000),
        ("50 reais", 5_000),
        ("50,90", 5_090),
        ("50 mil", 5_000_000),
        ("1,5 mil", 150_000),
        ("R$50", 5_000),
        ("1234.56", 123_456),
        ("R$ 0,50", 50),
        ("r$ 12,5", 1_250),
        ("50reais", 5_000),
        ("50k", 5_000_000),
        ("1.234.567,89", 123_456_789),
        ("1,234.56", 123_456),
        ("2 milhões", 200_000_000),
        ("100 milhões", 10_000_000_000),
        ("paguei R$ 1.200 de aluguel", 120_000),
        ("gastei 50 reais no almoço", 5_000),
        ("vendi 1.500 hoje", 150_000),
        ("recebi 500", 50_000),
        ("despesa de 30 com uber ontem", 3_000),
        ("almoço 35,90.", 3_590),
    ])
    func parsesAmounts(text: String, cents: Int64) {
        #expect(MoneyParser.cents(in: text) == cents)
    }

    @Test(arguments: [
        "12/03",
        "12/03/2026",
        "reunião às 14:30",
        "chego 14h",
        "às 10",
        "dia 12",
        "sem valor nenhum",
        "",
        "abc123",
        "1.2345",
        "1.234,567",
        "R$ 0,00",
        "200 milhões",
        "1000000000",
        "desconto de 50%",
        "últimos 7 dias",
        "parcelei em 3x",
        "em 2025",
        "12-03-2026",
        "o 2º lugar",
    ])
    func ignoresNonAmounts(text: String) {
        #expect(MoneyParser.cents(in: text) == nil)
    }

    @Test func moneyMarkedNumberWinsOverBareNumber() {
        #expect(MoneyParser.cents(in: "comprei 2 caixas por 30 reais") == 3_000)
        #expect(MoneyParser.cents(in: "paguei dia 12/03 o valor de R$ 80,00") == 8_000)
        #expect(MoneyParser.cents(in: "em 2025 gastei 40") == 4_000)
    }

    @Test func currencySignBeatsCountWordAfter() {
        #expect(MoneyParser.cents(in: "fornecedor R$ 2.350,00 dia 20") == 235_000)
        #expect(MoneyParser.cents(in: "3 dias de diária, 200 reais") == 20_000)
    }

    @Test func dateAndAmountTogether() {
        #expect(MoneyParser.cents(in: "gastei 45 no mercado em 12/11") == 4_500)
        #expect(MoneyParser.cents(in: "12/11 mercado 45,00") == 4_500)
    }

    @Test func absurdMarkedAmountIsRefusedWithoutFallingBack() {
        #expect(MoneyParser.cents(in: "gastei 500 milhões e mais 10") == nil)
    }

    @Test func numberValue() {
        #expect(MoneyParser.cents(ofNumber: "1.234,56") == 123_456)
        #expect(MoneyParser.cents(ofNumber: "1,5") == 150)
        #expect(MoneyParser.cents(ofNumber: "12,3,4") == nil)
        #expect(MoneyParser.cents(ofNumber: "1234.567") == nil)
    }
}

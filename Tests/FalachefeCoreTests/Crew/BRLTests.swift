import Testing
@testable import FalachefeCore

@Suite("BRL")
struct BRLTests {
    @Test(arguments: [
        (Int64(0), "R$ 0,00"),
        (5, "R$ 0,05"),
        (5_000, "R$ 50,00"),
        (123_456, "R$ 1.234,56"),
        (100_000_000, "R$ 1.000.000,00"),
        (-1_000, "-R$ 10,00"),
        (-123_456, "-R$ 1.234,56"),
        (99_999, "R$ 999,99"),
    ])
    func formats(cents: Int64, text: String) {
        #expect(BRL.format(cents: cents) == text)
    }

    @Test func percentages() {
        #expect(BRL.percent(75, of: 100) == "75%")
        #expect(BRL.percent(1, of: 3) == "33%")
        #expect(BRL.percent(2, of: 3) == "67%")
        #expect(BRL.percent(1, of: 0) == "0%")
    }
}

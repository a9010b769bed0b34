import FalachefeCore
import Testing

/// People named in messages, as the built-in router's entities.
@Suite("People in messages")
struct PeopleExtractorTests {
    let model = BuiltinLanguageModel()
    let today = LedgerDay(year: 2026, month: 11, day: 29)

    @Test(arguments: [
        ("paguei 300 de salário pra Maria", ["Maria"]),
        ("a funcionária Ana Paula vai sair de férias", ["Ana Paula"]),
        ("preciso demitir o João e a Carla", ["João", "Carla"]),
        ("Maria, qual meu saldo?", []),
        ("gastei 50 com o Uber", []),
        ("paguei o PIX do aluguel", []),
        ("gastei 80 com Alimentação", []),
    ] as [(String, [String])])
    func namesAfterAPersonWord(text: String, people: [String]) {
        #expect(model.classify(text, today: today).entities.people == people)
    }
}

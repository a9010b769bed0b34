import Testing
@testable import FalachefeCore

@Suite("CategoryClassifier")
struct CategoryClassifierTests {
    @Test(arguments: [
        ("gastei 50 reais no almoço", FinanceCategory.alimentacao),
        ("JANTAR com a equipe", .alimentacao),
        ("compras no supermercado", .alimentacao),
        ("pão na padaria", .alimentacao),
        ("uber pro centro", .transporte),
        ("abasteci: gasolina", .transporte),
        ("Combustível da moto", .transporte),
        ("passagem de ônibus", .transporte),
        ("estacionamento do shopping", .transporte),
        ("táxi", .transporte),
        ("paguei o aluguel", .aluguel),
        ("pagamento ao fornecedor", .fornecedores),
        ("reposição de estoque", .fornecedores),
        ("compra de mercadorias", .fornecedores),
        ("matéria-prima", .fornecedores),
        ("insumos da cozinha", .fornecedores),
        ("salário da Maria", .salarios),
        ("folha de novembro", .salarios),
        ("pagamento de pessoal", .salarios),
        ("guia do DAS", .impostos),
        ("ISS do mês", .impostos),
        ("icms atrasado", .impostos),
        ("anúncio no jornal", .marketing),
        ("instagram ads", .marketing),
        ("panfletos", .marketing),
        ("conta de luz", .contas),
        ("energia elétrica", .contas),
        ("conta de água", .contas),
        ("internet da loja", .contas),
        ("nova impressora", .equipamentos),
        ("registrar venda", .vendas),
        ("faturamento do dia", .vendas),
        ("serviço prestado ao cliente", .servicos),
    ])
    func keywords(text: String, category: FinanceCategory) {
        #expect(CategoryClassifier.category(for: text) == category)
    }

    @Test func wordBasedNotSubstring() {
        #expect(CategoryClassifier.category(for: "mercadoria") == .fornecedores)
        #expect(CategoryClassifier.category(for: "luzia pagou") == nil)
        #expect(CategoryClassifier.category(for: "a soma das notas") == nil)
        #expect(CategoryClassifier.category(for: "das 8 às 18") == nil)
    }

    @Test func fallbackIsOutros() {
        #expect(CategoryClassifier.category(for: "coisas diversas") == nil)
        #expect(CategoryClassifier.classify("coisas diversas") == .outros)
    }

    @Test func kindHintPrefersMatchingCategories() {
        #expect(CategoryClassifier.category(for: "taxa da maquininha sobre a venda", kind: .expense) == .impostos)
        #expect(CategoryClassifier.category(for: "internet: venda online", kind: .income) == .vendas)
        #expect(CategoryClassifier.category(for: "internet: venda online") == .contas)
    }

    @Test func kinds() {
        #expect(FinanceCategory.vendas.kind == .income)
        #expect(FinanceCategory.servicos.kind == .income)
        #expect(FinanceCategory.alimentacao.kind == .expense)
        #expect(FinanceCategory.outros.kind == .expense)
        #expect(FinanceCategory.allCases.filter { $0.kind == .income }.count == 2)
    }
}

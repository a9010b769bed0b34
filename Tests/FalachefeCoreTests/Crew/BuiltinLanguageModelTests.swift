import Testing
@testable import FalachefeCore

@Suite("BuiltinLanguageModel")
struct BuiltinLanguageModelTests {
    let model = BuiltinLanguageModel()
    let today = LedgerDay(year: 2026, month: 11, day: 29)

    @Test(arguments: [
        ("oi", MessageAnalysis.Intent.greeting, MessageAnalysis.Action.greet),
        ("Olá!", .greeting, .greet),
        ("Bom dia", .greeting, .greet),
        ("boa tarde, tudo bem?", .greeting, .greet),
        ("hello", .greeting, .greet),
        ("gastei 50 reais no almoço", .financial, .addExpense),
        ("paguei R$ 1.200 de aluguel", .financial, .addExpense),
        ("despesa de 30 com uber ontem", .financial, .addExpense),
        ("Comprei 2 caixas de mercadoria por 300 reais", .financial, .addExpense),
        ("uber 25", .financial, .addExpense),
        ("bom dia! gastei 45,90 na padaria", .financial, .addExpense),
        ("recebi 500", .financial, .addIncome),
        ("vendi 1.500 hoje", .financial, .addIncome),
        ("registrar 200 reais de venda", .financial, .addIncome),
        ("anota 80 de serviço prestado", .financial, .addIncome),
        ("qual meu saldo?", .financial, .cashFlowReport),
        ("fluxo de caixa do mês", .financial, .cashFlowReport),
        ("quanto gastei esse mês", .financial, .cashFlowReport),
        ("quanto eu vendi ontem?", .financial, .cashFlowReport),
        ("me manda o relatório da semana", .financial, .cashFlowReport),
        ("minhas vendas de março", .financial, .cashFlowReport),
        ("despesas da semana", .financial, .cashFlowReport),
        ("gastos por categoria", .financial, .categoryBreakdown),
        ("onde estou gastando mais?", .financial, .categoryBreakdown),
        ("o que é fluxo de caixa?", .financial, .financialQuestion),
        ("como calcular o capital de giro", .financial, .financialQuestion),
        ("me explica o que é margem de lucro", .financial, .financialQuestion),
        ("gastei no almoço", .financial, .addExpense),
        ("quero fazer uma campanha no instagram", .marketing, .marketingAdvice),
        ("como divulgar minha loja?", .marketing, .marketingAdvice),
        ("ideia de promoção para o fim de semana", .marketing, .marketingAdvice),
        ("preciso de clientes novos", .marketing, .marketingAdvice),
        ("como aumentar as vendas em 20%?", .marketing, .marketingAdvice),
        ("quero contratar um atendente", .hr, .hrAdvice),
        ("como funcionam as férias do funcionário?", .hr, .hrAdvice),
        ("preciso demitir um funcionário", .hr, .hrAdvice),
        ("recebi um processo trabalhista", .hr, .hrAdvice),
        ("dúvida sobre a folha de pagamento", .hr, .hrAdvice),
        ("paguei 1/3 de férias ao funcionário: 800 reais", .financial, .addExpense),
        ("recebi um processo", .support, .help),
        ("quero falar com um atendente", .human, .escalate),
        ("posso falar com uma pessoa?", .human, .escalate),
        ("I want to talk to a person", .human, .escalate),
        ("ajuda", .support, .help),
        ("o que você faz?", .support, .help),
        ("help", .support, .help),
        ("meu nome é João", .support, .updateProfile),
        ("obrigado!", .support, .help),
    ])
    func classifies(text: String, intent: MessageAnalysis.Intent, action: MessageAnalysis.Action) {
        let analysis = model.classify(text, today: today)
        #expect(analysis.intent == intent, "\(text)")
        #expect(analysis.action == action, "\(text)")
    }

    @Test func analyzeMatchesClassify() async throws {
        let analysis = try await model.analyze("gastei 50 reais no almoço", today: today)
        #expect(analysis == model.classify("gastei 50 reais no almoço", today: today))
    }

    @Test func expenseEntities() {
        let entities = model.classify("Despesa de R$ 30,50 com Uber ontem", today: today).entities
        #expect(entities.amountCents == 3_050)
        #expect(entities.day == LedgerDay(year: 2026, month: 11, day: 28))
        #expect(entities.category == "Transporte")
        #expect(entities.description == "Despesa de R$ 30,50 com Uber ontem")
    }

    @Test func incomeEntitiesDefaultDayIsNil() {
        let entities = model.classify("registrar 200 reais de venda", today: today).entities
        #expect(entities.amountCents == 20_000)
        #expect(entities.day == nil)
        #expect(entities.category == "Vendas")
    }

    @Test func reportEntities() {
        let analysis = model.classify("quanto gastei com uber no mês passado?", today: today)
        #expect(analysis.action == .cashFlowReport)
        #expect(analysis.entities.category == "Transporte")
        #expect(analysis.entities.period?.label == "mês passado")
        #expect(model.classify("qual meu saldo?", today: today).entities.period == nil)
    }

    @Test func descriptionIsCleanedAndShort() {
        let long = "  gastei   50\n reais " + String(repeating: "no almoço com a equipe ", count: 10)
        let description = model.classify(long, today: today).entities.description
        #expect(description?.hasPrefix("gastei 50 reais no almoço") == true)
        #expect((description?.count ?? 0) <= BuiltinLanguageModel.descriptionLimit)
        #expect(description?.contains("\n") == false)
    }

    @Test func humanApproval() {
        #expect(model.classify("preciso demitir o João", today: today).requiresHumanApproval)
        #expect(model.classify("como fazer a demissão por justa causa", today: today).requiresHumanApproval)
        #expect(model.classify("meu advogado pediu os recibos", today: today).requiresHumanApproval)
        #expect(model.classify("vou entrar na justiça", today: today).requiresHumanApproval)
        #expect(model.classify("quero falar com um humano", today: today).requiresHumanApproval)
        #expect(!model.classify("como funcionam as férias?", today: today).requiresHumanApproval)
        #expect(!model.classify("gastei 50 reais no almoço", today: today).requiresHumanApproval)
    }

    @Test func complexity() {
        #expect(model.classify("qual meu saldo?", today: today).complexity == .simple)
        #expect(model.classify("gastei 50 no almoço. E também 30 no uber", today: today).complexity == .medium)
        let long = "Estou com dúvida sobre a folha. Tenho três funcionários, mas um está de férias; "
            + "como calculo o décimo terceiro e também o que muda se eu contratar mais alguém?"
        #expect(model.classify(long, today: today).complexity == .complex)
    }

    @Test func accentAndCaseInsensitive() {
        #expect(model.classify("FLUXO DE CAIXA DO MES", today: today).action == .cashFlowReport)
        #expect(model.classify("ola", today: today).intent == .greeting)
        #expect(model.classify("ferias", today: today).intent == .hr)
    }

    @Test func wordBoundaries() {
        #expect(model.classify("oitenta pessoas vieram", today: today).intent == .support)
        #expect(model.classify("a promoção-relâmpago", today: today).intent == .marketing)
        #expect(model.classify("hiato", today: today).intent == .support)
    }
}

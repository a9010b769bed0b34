import FalachefeCore
import FalachefeHTTP
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Logging
import Testing

/// The crew on the built-in engine, in Portuguese, through the webhook of a running server
/// and replies delivered to the fake UAZ.
@Suite("Crew conversations over the webhook, built-in engine")
struct CrewBuiltinConversationTests {
    @Test("bookings are confirmed, the balance reflects them and the breakdown ranks the categories")
    func bookingBalanceBreakdown() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("padaria", uaz: uaz)
            #expect(try await chat.say("gastei 50 reais no almoço").contains("Anotado: despesa de R$ 50,00 em Alimentação"))
            #expect(try await chat.say("gastei 30 reais de uber").contains("despesa de R$ 30,00 em Transporte"))
            #expect(try await chat.say("recebi 200 reais de venda").contains("receita de R$ 200,00 em Vendas"))
            let balance = try await chat.say("qual meu saldo?")
            #expect(balance.contains("Entradas: R$ 200,00"), "\(balance)")
            #expect(balance.contains("Saídas: R$ 80,00"))
            #expect(balance.contains("Saldo: R$ 120,00"))
            let breakdown = try await chat.say("onde estou gastando mais?")
            #expect(breakdown.hasPrefix("Gastos por categoria"), "\(breakdown)")
            let food = try #require(breakdown.range(of: "• Alimentação: R$ 50,00 (63%)"))
            let transport = try #require(breakdown.range(of: "• Transporte: R$ 30,00 (38%)"))
            #expect(food.lowerBound < transport.lowerBound, "largest category first")
            #expect(breakdown.contains("Total: R$ 80,00"))
            let agents = try await server.conversation(chat.tenant, chat.phone)
                .filter { $0["direction"] as? String == "out" }.compactMap { $0["agent"] as? String }
            #expect(agents == Array(repeating: "financial", count: 5))
        }
    }

    @Test("a budget is saved and the expense that passes it is answered with an alert")
    func budgetAlert() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("orcamento", uaz: uaz)
            let plan = try await chat.say("orçamento de 500 para alimentação")
            #expect(plan.contains("salvo"), "\(plan)")
            #expect(plan.contains("Alimentação: limite R$ 500,00"))
            let under = try await chat.say("gastei 300 no almoço")
            #expect(under.contains("R$ 300,00") && !under.contains("Alerta"), "\(under)")
            let over = try await chat.say("gastei 250 no jantar")
            #expect(over.contains("⚠️ Alerta de orçamento: Alimentação já passou do limite de R$ 500,00"), "\(over)")
            #expect(over.contains("gasto no mês: R$ 550,00"))
            #expect(try await chat.say("orçamento").contains("gasto R$ 550,00 (110%) ⚠️ passou do limite"))
        }
    }

    @Test("a booking without an amount asks for it, and the bare amount that follows books it")
    func pendingAmount() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("pendente", uaz: uaz)
            #expect(try await chat.say("paguei o aluguel").contains("Qual foi o valor dessa despesa?"))
            #expect(try await chat.say("qual meu saldo?").contains("Ainda não há lançamentos"), "nothing booked while pending")
            #expect(try await chat.say("1.500").contains("Anotado: despesa de R$ 1.500,00 em Aluguel"))
            #expect(try await chat.say("qual meu saldo?").contains("Saídas: R$ 1.500,00"))
        }
    }

    @Test("marketing and HR questions are answered by their agents, WhatsApp-sized; a dismissal goes to a person")
    func marketingAndHR() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("ideias", uaz: uaz)
            let ideas = try await chat.say("me dá ideias para o instagram")
            #expect(ideas.hasPrefix("Ideias no Instagram para a Empresa ideias"), "\(ideas)")
            #expect(ideas.split(separator: "\n").count <= 6, "a question gets a short answer")
            let vacation = try await chat.say("como funcionam as férias do funcionário?")
            #expect(vacation.contains("30 dias a cada 12 meses"), "\(vacation)")
            let dismissal = try await chat.say("preciso demitir um funcionário")
            #expect(dismissal.contains("multa de 40% do FGTS"), "\(dismissal)")
            #expect(dismissal.contains("uma pessoa da nossa equipe vai revisar"))
            let agents = try await server.conversation(chat.tenant, chat.phone)
                .filter { $0["direction"] as? String == "out" }.compactMap { $0["agent"] as? String }
            #expect(agents == ["marketing", "hr", "hr"])
        }
    }

    @Test("changing subject mid-conversation hands over to marketing and the pending booking comes back")
    func handoff() async throws {
        let database = TestServer.temporaryDatabase()
        var chat: CrewChat?
        try await TestServer.runWithUAZ(databasePath: database) { server, uaz in
            let started = try await server.chat("handoff", uaz: uaz)
            chat = started
            #expect(try await started.say("paguei o aluguel").contains("Qual foi o valor"))
            let marketing = try await started.say("me dá ideias para o instagram")
            #expect(marketing.hasPrefix("Ideias no Instagram"), "one answer, from the agent that took over")
            #expect(marketing.contains("(Sua despesa \"paguei o aluguel\" continua pendente"))
            #expect(try await started.say("1.200").contains("despesa de R$ 1.200,00 em Aluguel"))
            #expect(await started.replies().count == 3)
            #expect(try await server.metric("crewai_handoffs_performed_total", ["from_agent": "financial", "to_agent": "marketing"]) == 1)
            #expect(try await server.metric("crewai_handoffs_performed_total", ["from_agent": "marketing", "to_agent": "financial"]) == 1)
        }
        let started = try #require(chat)
        let state = try #require(try await Self.conversationState(database, started))
        #expect(state.handoffHistory.map(\.to) == [.marketing, .financial])
        #expect(state.handoffHistory.first?.summary.contains("paguei o aluguel") == true)
        #expect(state.currentAgent == .financial)
        #expect(state.pendingAction == nil)
    }

    @Test("a fact stated in one message answers a question in a later one")
    func memory() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("memoria", uaz: uaz)
            let stated = try await chat.say("meu fornecedor principal é a Distribuidora Sol")
            #expect(stated.contains("Vou lembrar disso"), "\(stated)")
            #expect(try await chat.say("gastei 40 reais de uber").contains("R$ 40,00"))
            let recall = try await chat.say("quem é meu fornecedor principal?")
            #expect(recall.contains("Distribuidora Sol"), "\(recall)")
            #expect(try await server.metric("crewai_memory_operations_total", ["operation_type": "store"]) == 1)
            #expect(try await server.metric("crewai_memory_operations_total", ["operation_type": "retrieve"]) ?? 0 >= 1)
        }
    }

    @Test("asking for a person is escalated: the user is told and the conversation waits for a human")
    func escalation() async throws {
        let database = TestServer.temporaryDatabase()
        var chat: CrewChat?
        try await TestServer.runWithUAZ(databasePath: database) { server, uaz in
            let started = try await server.chat("humano", uaz: uaz)
            chat = started
            let reply = try await started.say("quero falar com um atendente")
            #expect(reply.contains("Certo, João! Já avisei a equipe da Empresa humano: uma pessoa vai te responder"), "\(reply)")
            let task = try #require(try await server.tasks(started.tenant).first)
            #expect(task["agent"] as? String == "support")
            #expect(task["toolCalls"] as? [String] == ["request_human"])
        }
        let started = try #require(chat)
        let state = try #require(try await Self.conversationState(database, started))
        #expect(state.requiresHumanApproval)
        #expect(state.humanApprovalStatus == .pending)
    }

    /// The conversation's stored state, read from the database once the server stopped.
    static func conversationState(_ database: String, _ chat: CrewChat) async throws -> ConversationState? {
        let store = try await SQLiteStore.open(path: database, logger: Logger(label: "crew-test"))
        let state = try await store.conversationState(tenantID: chat.tenant.id, phone: chat.phone)
        try await store.close()
        return state
    }
}

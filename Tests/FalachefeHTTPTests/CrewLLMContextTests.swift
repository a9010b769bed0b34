import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// What the agents know on the LLM path: context handed over between agents, memories,
/// continuations that need no model, and the way to a person.
@Suite("Crew context on the LLM path")
struct CrewLLMContextTests {
    @Test("a handoff mid-conversation gives the next agent the recent turns, the pending booking and a summary")
    func handoffCarriesContext() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("contexto", uaz: uaz)
            await openAI.enqueue(Routed.route("add_expense", category: "aluguel"))
            let ask = try await chat.say("paguei o aluguel")
            #expect(ask.hasPrefix("Certo! Qual foi o valor dessa despesa?"), "\(ask)")
            let idea = "Poste o pão saindo do forno às 7h, todo dia."
            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text(idea))
            let marketing = try await chat.say("me dá ideias para o instagram")
            #expect(marketing.hasPrefix(idea + "\n(Sua despesa \"paguei o aluguel\" continua pendente"), "\(marketing)")

            let requests = await openAI.requests
            #expect(requests.count == 3)
            let agent = requests[2]
            #expect(agent.messages.map(\.role) == [.system, .user, .assistant, .user])
            #expect(agent.messages[1].content == "paguei o aluguel")
            #expect(agent.messages[2].content == ask)
            let prompt = try #require(agent.messages[0].content)
            #expect(prompt.contains("A conversa veio do agente financial: Usuário João Silva."), "\(prompt)")
            #expect(prompt.contains("usuário: paguei o aluguel"))
            #expect(prompt.contains("Pendente: add_expense sem amount."))
            #expect(prompt.contains("Pendente: despesa \"paguei o aluguel\" aguardando o usuário."))

            #expect(try await chat.say("1.200").contains("Anotado: despesa de R$ 1.200,00 em Aluguel"))
            #expect(await openAI.requestCount == 3, "a continuation needs no model call")
            #expect(await chat.replies().count == 3, "one answer per message")
            #expect(try await server.metric("crewai_handoffs_performed_total", ["from_agent": "financial", "to_agent": "marketing"]) == 1)
            #expect(try await server.metric("crewai_handoffs_performed_total", ["from_agent": "marketing", "to_agent": "financial"]) == 1)
        }
    }

    @Test("a fact stated in one message reaches the agent's prompt in a later one")
    func memoryInPrompt() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("lembra", uaz: uaz)
            await openAI.enqueue(Routed.route("remember"))
            let stated = try await chat.say("meu fornecedor principal é a Distribuidora Sol")
            #expect(stated.contains("Anotado, João! Vou lembrar disso"), "\(stated)")
            let idea = "Monte um combo com os produtos da Distribuidora Sol."
            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text(idea))
            #expect(try await chat.say("que promoção posso fazer com os produtos do meu fornecedor?") == idea)
            let prompt = try #require(await openAI.requests.last?.messages.first?.content)
            #expect(prompt.contains("O que você sabe deste usuário:\n- meu fornecedor principal é a Distribuidora Sol"), "\(prompt)")
            #expect(try await server.metric("crewai_memory_operations_total", ["operation_type": "store"]) == 1)
            #expect(try await server.metric("crewai_memory_operations_total", ["operation_type": "retrieve"]) == 1)
        }
    }

    @Test("a memory of one company never reaches the prompt of another")
    func memoryIsolation() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let first = try await server.chat("primeira", uaz: uaz)
            let second = try await server.chat("segunda", uaz: uaz)
            await openAI.enqueue(Routed.route("remember"))
            #expect(try await first.say("meu fornecedor principal é a Distribuidora Sol").contains("Vou lembrar"))
            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text("Faça parceria com um vizinho."))
            #expect(try await second.say("que promoção posso fazer com os produtos do meu fornecedor?") == "Faça parceria com um vizinho.")
            let prompt = try #require(await openAI.requests.last?.messages.first?.content)
            #expect(!prompt.contains("Distribuidora Sol"))
            #expect(!prompt.contains("O que você sabe deste usuário"))
        }
    }

    @Test("asking for a person on the LLM path is escalated without an agent call")
    func escalation() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("pessoa", uaz: uaz)
            await openAI.enqueue(Routed.route("escalate", intent: "human", approval: true))
            let reply = try await chat.say("preciso falar com alguém de verdade")
            #expect(reply == "Certo, João! Já avisei a equipe da Empresa pessoa: uma pessoa vai te responder aqui mesmo, assim que possível.")
            #expect(await openAI.requestCount == 1)
            let task = try #require(try await server.tasks(chat.tenant).first)
            #expect(task["toolCalls"] as? [String] == ["request_human"])
        }
    }
}

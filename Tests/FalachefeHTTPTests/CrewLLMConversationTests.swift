import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The crew on the LLM path: the router's structured output, deterministic financial
/// actions executed by the server, and the agents' tool loop — against a fake
/// chat-completions server over loopback.
@Suite("Crew conversations on the LLM path")
struct CrewLLMConversationTests {
    @Test("bookings and reports are executed by the server from the router's entities, one model call each")
    func deterministicActions() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("roteada", uaz: uaz)
            await openAI.enqueue(
                Routed.route("add_expense", amount: 50, category: "alimentação"), Routed.route("add_income", amount: 200),
                Routed.route("cash_flow_report"), Routed.route("category_breakdown", period: "este mês"))
            let said = ["gastei cinquenta conto no almoço", "entrou duzentos de venda", "como tá o caixa?", "onde eu mais gasto?"]
            #expect(try await chat.say(said[0]).contains("Anotado: despesa de R$ 50,00 em Alimentação"))
            #expect(try await chat.say(said[1]).contains("Anotado: receita de R$ 200,00 em Vendas"))
            #expect(try await chat.say(said[2]).contains("Saldo: R$ 150,00"))
            #expect(try await chat.say(said[3]).contains("• Alimentação: R$ 50,00 (100%)"))
            let requests = await openAI.requests
            #expect(requests.count == 4, "the router only")
            #expect(requests.map(\.lastUserMessage) == said)
            #expect(requests.allSatisfy { $0.jsonResponse && $0.tools.isEmpty && $0.model == "gpt-4o-mini" })
            #expect(requests[0].messages.first?.content?.contains("roteador da equipe de assistentes da empresa Empresa roteada") == true)
            let tasks = try await server.tasks(chat.tenant)
            #expect(tasks.count == 4)
            for task in tasks {
                #expect(task["agent"] as? String == "financial")
                #expect(task["model"] as? String == "gpt-4o-mini")
                #expect((task["usage"] as? [String: Any])?["promptTokens"] as? Int == 100)
                #expect(abs((task["costUsd"] as? Double ?? 0) - 0.000027) < 1e-9, "100 × 0.15 + 20 × 0.60 per 1M tokens")
            }
        }
    }

    @Test("open marketing and HR questions go to the agent's tool loop, whose text is the one reply")
    func agentLoop() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("aberta", uaz: uaz)
            let idea = "Faça um combo café + pão de queijo às segundas e divulgue nos stories."
            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text(idea))
            let question = "o que posso fazer para vender mais na segunda-feira?"
            #expect(try await chat.say(question) == idea)
            var requests = await openAI.requests
            #expect(requests.count == 2)
            let marketing = try #require(requests.last)
            #expect(!marketing.jsonResponse)
            #expect(marketing.toolNames == ["remember_fact"])
            #expect(marketing.messages.first?.role == .system)
            #expect(marketing.messages.first?.content?.contains("Você é Especialista em Marketing") == true)
            #expect(marketing.lastUserMessage == question)

            let advice = "Antes de demitir, registre as faltas e advertências por escrito."
            await openAI.enqueue(Routed.route("hr_advice", intent: "hr", approval: true), .text(advice))
            let reply = try await chat.say("quero demitir o funcionário que falta muito")
            #expect(reply == advice + "\nEsse assunto precisa de revisão: uma pessoa da equipe vai acompanhar.")
            requests = await openAI.requests
            let hr = try #require(requests.last)
            #expect(hr.toolNames == ["remember_fact", "request_human"])
            #expect(hr.messages.first?.content?.contains("A conversa veio do agente marketing") == true)
            let task = try #require(try await server.tasks(chat.tenant).first)
            #expect(task["agent"] as? String == "hr")
            #expect(task["engine"] as? String == "llm")
            #expect((task["usage"] as? [String: Any])?["completionTokens"] as? Int == 40, "router + agent")
            let agents = try await server.conversation(chat.tenant, chat.phone)
                .filter { $0["direction"] as? String == "out" }.compactMap { $0["agent"] as? String }
            #expect(agents == ["marketing", "hr"])
        }
    }

    @Test("a tool call of the model runs on the server with this company's ids and its result goes back to the model")
    func toolCall() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let other = try await server.chat("outra", uaz: uaz, phone: "5511900000002")
            await openAI.enqueue(Routed.route("add_income", amount: 999))
            #expect(try await other.say("vendi 999").contains("R$ 999,00"))
            let chat = try await server.chat("caixa", uaz: uaz)
            await openAI.enqueue(Routed.route("add_expense", amount: 80, category: "transporte"), Routed.route("add_income", amount: 300))
            #expect(try await chat.say("gastei 80 de gasolina").contains("R$ 80,00 em Transporte"))
            #expect(try await chat.say("vendi 300 hoje").contains("R$ 300,00"))

            let arguments = #"{"period": "este mês", "tenantId": "\#(other.tenant.id)", "userId": "intruso"}"#
            let answer = "Sim! Seu saldo do mês está positivo em R$ 220,00."
            await openAI.enqueue(Routed.route("financial_question"), .toolCalls([("cash_flow_report", arguments)]), .text(answer))
            #expect(try await chat.say("estou no lucro este mês?") == answer)

            let requests = await openAI.requests
            #expect(requests.count == 6)
            #expect(requests[4].toolNames == CrewTools.financial + ["remember_fact"])
            let second = requests[5].messages
            let call = try #require(second.last { $0.role == .assistant }?.toolCalls.first)
            #expect(call.name == "cash_flow_report")
            let result = try #require(second.first { $0.role == .tool })
            #expect(result.toolCallID == call.id)
            let content = try #require(result.content)
            #expect(content.contains(#""balance":"R$ 220,00""#), "\(content)")
            #expect(content.contains(#""income":"R$ 300,00""#))
            #expect(!content.contains("999"), "the ids come from the request, never from the model")
            let task = try #require(try await server.tasks(chat.tenant).first)
            #expect(task["toolCalls"] as? [String] == ["cash_flow_report"])
            #expect((task["usage"] as? [String: Any])?["promptTokens"] as? Int == 300, "router + two agent calls")
        }
    }

    @Test("what the model books in its tool loop counts in the loop's later reports and is booked once, with the reply")
    func bookingsCountInTheSameLoop() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("loop", uaz: uaz)
            let answer = "Anotei as duas despesas; saídas do mês: R$ 130,00."
            await openAI.enqueue(
                Routed.route("financial_question"),
                .toolCalls([
                    ("add_expense", #"{"amount": 50, "category": "alimentação"}"#),
                    ("add_expense", #"{"amount": 80, "category": "transporte"}"#),
                ]),
                .toolCalls([("cash_flow_report", #"{"period": "este mês"}"#)]),
                .text(answer))
            #expect(try await chat.say("anota 50 do almoço e 80 de gasolina e me diz as saídas") == answer)
            let report = try #require(await openAI.requests.last?.messages.last { $0.role == .tool }?.content)
            #expect(report.contains(#""expenses":"R$ 130,00""#), "\(report)")

            await openAI.enqueue(Routed.route("cash_flow_report"))
            #expect(try await chat.say("qual meu saldo?").contains("Saídas: R$ 130,00"))
        }
    }

    @Test("a booking made in a tool loop that then fails is dropped with it: the built-in answer commits without it")
    func failedLoopBooksNothing() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("falha", uaz: uaz)
            await openAI.enqueue(
                Routed.route("financial_question"),
                .toolCalls([("add_expense", #"{"amount": 50, "category": "alimentação"}"#)]),
                .malformed)
            let reply = try await chat.say("anota 50 do almoço e me explica o que é fluxo de caixa")
            #expect(!reply.contains("Anotado"), "\(reply)")
            #expect(try await server.tasks(chat.tenant).first?["engine"] as? String == "builtin")

            await openAI.enqueue(Routed.route("cash_flow_report"))
            #expect(try await chat.say("qual meu saldo?").contains("Ainda não há lançamentos"))
        }
    }
}

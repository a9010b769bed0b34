import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// When the LLM cannot or may not answer — down, breaker open, budget spent, not
/// configured — the built-in model answers, never an error text, and the snapshot says why.
@Suite("Crew LLM fallbacks")
struct CrewLLMFallbackTests {
    @Test("when the LLM is down the built-in model answers the message, and the LLM is used again once it is back")
    func outage() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("queda", uaz: uaz)
            await openAI.down()
            let booked = try await chat.say("gastei 50 reais no almoço")
            #expect(booked.hasPrefix("Anotado: despesa de R$ 50,00 em Alimentação"), "\(booked)")
            #expect(await openAI.requestCount >= 1)
            let failed = try #require(try await server.tasks(chat.tenant).first)
            #expect(failed["engine"] as? String == "builtin")
            #expect((failed["errorMessage"] as? String)?.isEmpty == false)
            #expect(try await server.metric("falachefe_llm_fallbacks_total", ["tenant": "queda", "reason": "error"]) == 1)

            await openAI.up()
            await openAI.enqueue(Routed.route("cash_flow_report"))
            let before = await openAI.requestCount
            #expect(try await chat.say("qual meu saldo?").contains("Saídas: R$ 50,00"))
            #expect(await openAI.requestCount == before + 1)
            let recovered = try #require(try await server.tasks(chat.tenant).first)
            #expect(recovered["model"] as? String == "gpt-4o-mini")
            #expect(recovered["errorMessage"] == nil)
        }
    }

    @Test("repeated 5xx open the tenant's LLM breaker: the built-in model answers without calling the model")
    func breakerOpen() async throws {
        try await TestServer.runWithLLM(configure: {
            $0.runtime.breaker = CircuitBreaker.Configuration(minimumCalls: 2, openWait: 600)
        }) { server, uaz, openAI in
            let chat = try await server.chat("disjuntor", uaz: uaz)
            await openAI.setResponder { _ in .status(503, retryAfter: 0) }
            #expect(try await chat.say("gastei 10 reais de uber").contains("Anotado: despesa de R$ 10,00 em Transporte"))
            #expect(try await chat.say("gastei 20 reais de uber").contains("Anotado: despesa de R$ 20,00 em Transporte"))
            let calls = await openAI.requestCount
            #expect(calls == 6, "three attempts per failed message")
            let status = try await chat.llmStatus()
            #expect(status["engine"] as? String == "builtin")
            #expect(status["reason"] as? String == "breaker_open")
            #expect((try await server.snapshot(chat.tenant)["breakers"] as? [String: Any])?["llm"] as? String == "open")

            let balance = try await chat.say("qual meu saldo?")
            #expect(balance.contains("Saídas: R$ 30,00"), "\(balance)")
            #expect(await openAI.requestCount == calls, "an open breaker sends nothing")
            #expect(try await server.metric("falachefe_llm_fallbacks_total", ["tenant": "disjuntor", "reason": "breaker_open"]) == 1)
            #expect(try await server.metric("falachefe_llm_fallbacks_total", ["tenant": "disjuntor", "reason": "error"]) == 2)
        }
    }

    @Test("a spent monthly budget switches the company to the built-in model and the snapshot says so")
    func budgetExhausted() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("verba", uaz: uaz)
            let put = try await server.request(.PUT, "/admin/tenants/verba/config", json: ["llm": ["monthlyBudgetUsd": 0.0001]])
            #expect(put.status == 200)
            let expensive = TokenUsage(promptTokens: 1_000, completionTokens: 200)
            await openAI.enqueue(Routed.route("add_expense", amount: 50, category: "alimentação", usage: expensive))
            #expect(try await chat.say("gastei 50 reais no almoço").contains("R$ 50,00"))
            #expect(await openAI.requestCount == 1)
            #expect(try await server.tasks(chat.tenant).first?["model"] as? String == "gpt-4o-mini", "the LLM answered while in budget")
            let income = try await chat.say("recebi 200 reais de venda")
            #expect(income.hasPrefix("Anotado: receita de R$ 200,00 em Vendas"), "\(income)")
            #expect(await openAI.requestCount == 1, "no request once the budget is spent")

            let status = try await chat.llmStatus()
            #expect(status["engine"] as? String == "builtin")
            #expect(status["reason"] as? String == "budget_exhausted")
            #expect(abs((status["spentUsd"] as? Double ?? 0) - 0.00027) < 1e-9, "1000 × 0.15 + 200 × 0.60 per 1M tokens")
            #expect(status["monthlyBudgetUsd"] as? Double == 0.0001)
            #expect(status["model"] as? String == "gpt-4o-mini")
            #expect(try await server.metric("falachefe_llm_fallbacks_total", ["tenant": "verba", "reason": "budget_exhausted"]) == 1)
            let newest = try #require(try await server.tasks(chat.tenant).first)
            #expect(newest["engine"] as? String == "builtin")
            #expect(newest["costUsd"] as? Double == 0)
        }
    }

    @Test("without an LLM configured the built-in model answers and the snapshot says not_configured")
    func notConfigured() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("semchave", uaz: uaz)
            #expect(try await chat.say("oi").hasPrefix("Olá, João! Sou o assistente da Empresa semchave."))
            let status = try await chat.llmStatus()
            #expect(status["engine"] as? String == "builtin")
            #expect(status["reason"] as? String == "not_configured")
            let put = try await server.request(.PUT, "/admin/tenants/semchave/config", json: ["llm": ["model": "gpt-4o"]])
            #expect(put.status == 400, "no model can be chosen on a server without an LLM")
        }
    }

    @Test("the snapshot of a company whose crew is not in memory still tells which engine answers and why")
    func snapshotOfIdleCompany() async throws {
        try await TestServer.runWithLLM { server, uaz, _ in
            let chat = try await server.chat("ociosa", uaz: uaz)
            let put = try await server.request(.PUT, "/admin/tenants/ociosa/config", json: ["llm": ["monthlyBudgetUsd": 5]])
            #expect(put.status == 200)
            #expect(try await server.snapshot(chat.tenant)["live"] as? Bool == false)
            let status = try await chat.llmStatus()
            #expect(status["engine"] as? String == "llm", "\(status)")
            #expect(status["model"] as? String == "gpt-4o-mini")
            #expect(status["monthlyBudgetUsd"] as? Double == 5)
        }
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("ociosa", uaz: uaz)
            #expect(try await chat.llmStatus()["reason"] as? String == "not_configured")
        }
    }
}

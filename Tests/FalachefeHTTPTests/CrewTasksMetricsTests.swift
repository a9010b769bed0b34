import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// What a conversation leaves behind: `crew_tasks` through the admin API and the crew's
/// `/metrics` series.
@Suite("Crew tasks and metrics")
struct CrewTasksMetricsTests {
    @Test("every answered message is a crew task with agent, status, engine, tokens and cost")
    func tasksRecorded() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("tarefas", uaz: uaz)
            await openAI.enqueue(
                Routed.route("marketing_advice", intent: "marketing"),
                .text("Faça um sorteio entre quem marcar amigos.", usage: TokenUsage(promptTokens: 400, completionTokens: 80)))
            #expect(try await chat.say("como ganho seguidores?") == "Faça um sorteio entre quem marcar amigos.")
            await openAI.enqueue(.status(400))
            #expect(try await chat.say("gastei 30 reais de uber").hasPrefix("Anotado: despesa de R$ 30,00 em Transporte"))

            let tasks = try await server.tasks(chat.tenant)
            #expect(tasks.count == 2)
            let fallback = tasks[0]
            #expect(fallback["agent"] as? String == "financial")
            #expect(fallback["status"] as? String == "completed")
            #expect(fallback["engine"] as? String == "builtin")
            #expect(fallback["toolCalls"] as? [String] == ["add_expense"])
            #expect((fallback["errorMessage"] as? String)?.isEmpty == false)
            #expect(fallback["costUsd"] as? Double == 0)
            let llm = tasks[1]
            #expect(llm["agent"] as? String == "marketing")
            #expect(llm["status"] as? String == "completed")
            #expect(llm["engine"] as? String == "llm")
            #expect(llm["model"] as? String == "gpt-4o-mini")
            #expect(llm["description"] as? String == "marketing_advice")
            let usage = try #require(llm["usage"] as? [String: Any])
            #expect(usage["promptTokens"] as? Int == 500)
            #expect(usage["completionTokens"] as? Int == 100)
            #expect(abs((llm["costUsd"] as? Double ?? 0) - 0.000135) < 1e-9, "500 × 0.15 + 100 × 0.60 per 1M tokens")
            #expect((llm["executionTimeMs"] as? Int).map { $0 >= 0 } == true)
            #expect(llm["messageID"] as? String != fallback["messageID"] as? String)
        }
    }

    @Test("a message the LLM routed is an llm task even when the server's own tool wrote the answer")
    func routedTaskEngine() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("motor", uaz: uaz)
            await openAI.enqueue(Routed.route("add_expense", amount: 50, category: "alimentação"))
            #expect(try await chat.say("gastei cinquenta no almoço").contains("R$ 50,00"))
            let task = try #require(try await server.tasks(chat.tenant).first)
            #expect(task["model"] as? String == "gpt-4o-mini")
            #expect((task["costUsd"] as? Double ?? 0) > 0)
            #expect(task["engine"] as? String == "llm", "the snapshot says llm and the model was paid for this task")
        }
    }

    @Test("a conversation exports the crew's task, handoff, token, cost, fallback and memory series")
    func metricsSeries() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("metricas", uaz: uaz)
            await openAI.enqueue(Routed.route("add_expense", amount: 50, category: "alimentação"))
            _ = try await chat.say("gastei 50 reais no almoço")
            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text("Poste bastidores da cozinha."))
            _ = try await chat.say("ideias para o instagram da padaria?")
            await openAI.enqueue(Routed.route("remember"))
            _ = try await chat.say("prefiro relatórios semanais")
            await openAI.enqueue(.status(400))
            #expect(try await chat.say("me manda o relatório").contains("esta semana"), "the stated preference shapes the report")

            func metric(_ name: String, _ labels: [String: String] = [:]) async throws -> Double {
                try await server.metric(name, labels) ?? -1
            }
            #expect(try await metric("crewai_tasks_executed_total", ["status": "completed"]) == 4)
            #expect(try await metric("crewai_tasks_executed_total", ["agent": "financial", "status": "completed"]) == 2)
            #expect(try await metric("crewai_handoffs_performed_total", ["from_agent": "financial", "to_agent": "marketing"]) == 1)
            #expect(try await metric("crewai_handoffs_performed_total", ["from_agent": "marketing", "to_agent": "support"]) == 1)
            #expect(try await metric("crewai_handoffs_performed_total", ["from_agent": "support", "to_agent": "financial"]) == 1)
            #expect(try await metric("crewai_llm_tokens_total", ["model": "gpt-4o-mini", "type": "prompt"]) == 400)
            #expect(try await metric("crewai_llm_tokens_total", ["model": "gpt-4o-mini", "type": "completion"]) == 80)
            #expect(abs(try await metric("crewai_llm_cost_usd_total", ["model": "gpt-4o-mini"]) - 0.000108) < 1e-9)
            #expect(try await metric("falachefe_llm_fallbacks_total", ["tenant": "metricas", "reason": "error"]) == 1)
            #expect(try await metric("crewai_memory_operations_total", ["operation_type": "store"]) == 1)
            #expect(try await metric("crewai_memory_operations_total", ["operation_type": "retrieve"]) >= 1)
            let text = try await server.text("/metrics")
            #expect(text.contains("# TYPE crewai_handoffs_performed_total counter"))
        }
    }
}

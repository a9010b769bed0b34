import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import PostgresNIO
import Testing

/// A company's monthly LLM budget when several nodes answer its messages: each node must
/// count what the others spent, or every node could spend the whole budget.
@Suite("LLM budget across nodes")
struct SharedLLMBudgetTests {
    @Test("once another node has spent the company's budget, this node answers with the built-in model")
    func budgetSpentOnAnotherNode() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            try await TestServer.runWithLLM(configure: {
                $0.databaseURL = database.url
                $0.runtime.sharedSpendRefresh = 0
            }) { server, uaz, openAI in
                let chat = try await server.chat("orcamento", uaz: uaz)
                let put = try await server.request(
                    .PUT, "/admin/tenants/orcamento/config", json: ["llm": ["monthlyBudgetUsd": 1.0]])
                #expect(put.status == 200)
                await openAI.enqueue(Routed.route("add_expense", amount: 50, category: "alimentação"))
                #expect(try await chat.say("gastei 50 reais no almoço").contains("R$ 50,00"))
                #expect(await openAI.requestCount == 1)
                let answered = try await server.tasks(chat.tenant).first
                #expect(answered?["model"] as? String == "gpt-4o-mini", "in budget: the LLM answers")

                // Another node answers this company's messages and spends the rest of the budget.
                try await Self.recordSpend(usd: 5, tenantID: chat.tenant.id, in: database)

                let income = try await chat.say("recebi 200 reais de venda")
                #expect(income.hasPrefix("Anotado: receita de R$ 200,00 em Vendas"), "\(income)")
                #expect(await openAI.requestCount == 1, "no request once the other node spent the budget")
                #expect(try await server.tasks(chat.tenant).first?["engine"] as? String == "builtin")
                #expect(try await server.metric(
                    "falachefe_llm_fallbacks_total", ["tenant": "orcamento", "reason": "budget_exhausted"]) == 1)
                let status = try await chat.llmStatus()
                #expect(status["reason"] as? String == "budget_exhausted")
                #expect((status["spentUsd"] as? Double ?? 0) >= 5)
            }
        }
    }

    /// Writes a completed LLM task costing `usd`, as the node that ran it would (row level
    /// security: inside a transaction naming the company).
    private static func recordSpend(usd: Int, tenantID: String, in database: TemporaryPostgresDatabase) async throws {
        try await TemporaryPostgresDatabase.admin(database.url) { connection in
            let logger = TemporaryPostgresDatabase.logger
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("SELECT set_config('app.company_id', \(tenantID), true)", logger: logger)
            try await connection.query("""
                INSERT INTO crew_tasks (id, company_id, agent_role, conversation_id, message_id, description, status,
                                        engine, model, cost_usd, created_at, completed_at)
                VALUES (\(UUID().uuidString.lowercased()), \(tenantID), 'financial', 'other-node', 'other-node:1',
                        'answered on another node', 'completed', 'llm', 'gpt-4o-mini', \(usd), now(), now())
                """, logger: logger)
            try await connection.query("COMMIT", logger: logger)
        }
    }
}

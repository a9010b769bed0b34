import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// `GET/PUT /admin/tenants/{tenant}/config`: validated, audited, applied without restart.
@Suite("Crew config admin API")
struct CrewConfigAdminTests {
    @Test("an unknown model, a negative budget or an unknown key is refused with 400 and changes nothing")
    func validation() async throws {
        try await TestServer.runWithLLM { server, uaz, _ in
            let chat = try await server.chat("valida", uaz: uaz)
            let path = "/admin/tenants/valida/config"
            let before = try await server.request(.GET, path)
            #expect(before.status == 200)
            #expect((before["finance"] as? [String: Any])?["confirmBookings"] as? Bool == false)
            let bodies: [[String: Any]] = [
                ["llm": ["model": "gpt-9-turbo"], "finance": ["confirmBookings": true]],
                ["llm": ["monthlyBudgetUsd": -1]],
                ["llm": ["model": "gpt-4o"], "idioma": "pt-BR"],
                ["finance": ["humanApprovalAboveCents": -5]],
                ["sector": String(repeating: "padaria ", count: 20)],
            ]
            for body in bodies {
                #expect(try await server.request(.PUT, path, json: body).status == 400, "\(body)")
            }
            #expect(try await server.request(.PUT, path, raw: Data("{\"llm\":".utf8)).status == 400)
            let after = try await server.request(.GET, path)
            #expect(try Self.canonical(after.json) == Self.canonical(before.json))
            #expect(try await server.auditActions(chat.tenant).contains("config.update") == false)
        }
    }

    @Test("an unknown key inside a config section is refused with 400 and keeps the section")
    func unknownNestedKey() async throws {
        try await TestServer.runWithLLM { server, uaz, _ in
            _ = try await server.chat("aninhada", uaz: uaz)
            let path = "/admin/tenants/aninhada/config"
            #expect(try await server.request(.PUT, path, json: ["llm": ["monthlyBudgetUsd": 20]]).status == 200)
            #expect(try await server.request(.PUT, path, json: ["llm": ["monthlyBudget": 5]]).status == 400)
            let llm = try await server.request(.GET, path)["llm"] as? [String: Any]
            #expect(llm?["monthlyBudgetUsd"] as? Double == 20)
        }
    }

    @Test("a valid config is audited, shown in the snapshot and used by the next message without restart")
    func appliedAndAudited() async throws {
        try await TestServer.runWithLLM { server, uaz, openAI in
            let chat = try await server.chat("aplica", uaz: uaz)
            let body: [String: Any] = [
                "llm": ["model": "gpt-4o", "monthlyBudgetUsd": 20],
                "finance": ["confirmBookings": false, "humanApprovalAboveCents": 500_000], "sector": "padaria",
            ]
            let put = try await server.request(.PUT, "/admin/tenants/aplica/config", json: body)
            #expect(put.status == 200)
            let config = try await server.request(.GET, "/admin/tenants/aplica/config")
            #expect((config["llm"] as? [String: Any])?["model"] as? String == "gpt-4o")
            #expect((config["finance"] as? [String: Any])?["humanApprovalAboveCents"] as? Int == 500_000)
            #expect(config["sector"] as? String == "padaria")
            let audit = try await server.request(.GET, "/admin/tenants/aplica/audit")["entries"] as? [[String: Any]] ?? []
            let entry = try #require(audit.first { $0["action"] as? String == "config.update" })
            #expect((entry["detail"] as? String)?.contains("gpt-4o") == true)

            await openAI.enqueue(Routed.route("marketing_advice", intent: "marketing"), .text("Pão quentinho às 7h."))
            #expect(try await chat.say("como atraio mais clientes de manhã?") == "Pão quentinho às 7h.")
            let status = try await chat.llmStatus()
            #expect(status["engine"] as? String == "llm")
            #expect(status["model"] as? String == "gpt-4o")
            #expect(status["monthlyBudgetUsd"] as? Double == 20)
            let requests = await openAI.requests
            #expect(requests.map(\.model) == ["gpt-4o", "gpt-4o"])
            #expect(requests.last?.messages.first?.content?.contains("da empresa Empresa aplica (ramo: padaria).") == true)
        }
    }

    @Test("with finance.confirmBookings set through the config the next booking asks 'Confirma …' and waits for 'sim'")
    func confirmBookings() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("confirma", uaz: uaz)
            #expect(try await chat.say("gastei 120 de gasolina").hasPrefix("Anotado: despesa de R$ 120,00 em Transporte"))
            let put = try await server.request(.PUT, "/admin/tenants/confirma/config", json: ["finance": ["confirmBookings": true]])
            #expect(put.status == 200)
            let ask = try await chat.say("gastei 80 de gasolina")
            #expect(ask.hasPrefix("Confirma despesa de R$ 80,00 em Transporte ("), "\(ask)")
            let corrected = try await chat.say("ontem")
            #expect(corrected.hasPrefix("Confirma despesa de R$ 80,00 em Transporte ("), "\(corrected)")
            #expect(corrected != ask, "'ontem' moves the date")
            #expect(try await chat.say("qual meu saldo?").contains("Saídas: R$ 120,00"), "nothing booked before 'sim'")
            let yesterday = try #require(corrected.firstMatch(of: /\(\d\d\/\d\d\/\d{4}\)/)).output
            let booked = try await chat.say("sim")
            #expect(booked.hasPrefix("Anotado: despesa de R$ 80,00 em Transporte \(yesterday)"), "\(booked)")
            #expect(try await chat.say("gastei 99 no almoço").hasPrefix("Confirma despesa de R$ 99,00"))
            #expect(try await chat.say("não").contains("não registrei nada"))
            let listed = try await chat.say("lista os lançamentos de ontem")
            #expect(listed.contains("−R$ 80,00 Transporte"), "\(listed)")
            #expect(!listed.contains("R$ 99,00"))
        }
    }

    @Test("an expense above the approval amount set in the config waits for a person, whatever the user answers")
    func approvalThreshold() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("aprova", uaz: uaz)
            let body: [String: Any] = ["finance": ["humanApprovalAboveCents": 500_000]]
            #expect(try await server.request(.PUT, "/admin/tenants/aprova/config", json: body).status == 200)
            let waiting = try await chat.say("paguei 8.000 de fornecedor")
            #expect(waiting.contains("passa do limite de aprovação da empresa (R$ 5.000,00)"), "\(waiting)")
            #expect(try await chat.say("sim").contains("ainda aguarda a aprovação de uma pessoa"))
            #expect(try await chat.say("qual meu saldo?").contains("Ainda não há lançamentos"))
        }
    }

    /// JSON text with sorted keys, to compare two decoded bodies.
    static func canonical(_ json: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
    }
}

import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// `GET/PUT /admin/tenants/{tenant}/agents[/{role}]`: the company's crew, changed without restart.
@Suite("Crew agents admin API")
struct CrewAgentsAdminTests {
    @Test("every company starts with the five agents, each with its tools")
    func listed() async throws {
        try await TestServer.run { server in
            _ = try await server.createTenant(slug: "equipe", owner: "554700000001", baseURL: nil)
            let listed = try await server.request(.GET, "/admin/tenants/equipe/agents")
            #expect(listed.status == 200)
            let agents = listed["agents"] as? [[String: Any]] ?? []
            #expect(Set(agents.compactMap { $0["role"] as? String }) == ["orchestrator", "financial", "marketing", "hr", "support"])
            #expect(agents.allSatisfy { $0["status"] as? String == "active" })
            let financial = try await server.request(.GET, "/admin/tenants/equipe/agents/financial")
            #expect(financial["tools"] as? [String] == CrewTools.financial + ["remember_fact"])
            #expect(try await server.request(.GET, "/admin/tenants/equipe/agents/ceo").status == 404)
        }
    }

    @Test("a disabled agent is left out of the next message, and enabled again it answers, without restart")
    func disableAndEnable() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("desliga", uaz: uaz)
            #expect(try await chat.say("me dá ideias para o instagram").hasPrefix("Ideias no Instagram"))
            let off = try await server.request(.PUT, "/admin/tenants/desliga/agents/marketing", json: ["status": "inactive"])
            #expect(off.status == 200)
            #expect(off["status"] as? String == "inactive")
            let refused = try await chat.say("me dá ideias para o instagram")
            #expect(refused.contains("o assistente de marketing está desativado pela Empresa desliga"), "\(refused)")
            #expect(try await chat.say("gastei 20 reais de uber").contains("R$ 20,00"), "the rest of the crew still answers")
            #expect(try await server.request(.PUT, "/admin/tenants/desliga/agents/marketing", json: ["status": "active"]).status == 200)
            #expect(try await chat.say("me dá ideias para o instagram").hasPrefix("Ideias no Instagram"))
            let agents = try await server.conversation(chat.tenant, chat.phone)
                .filter { $0["direction"] as? String == "out" }.compactMap { $0["agent"] as? String }
            #expect(agents == ["marketing", "support", "financial", "marketing"])
            #expect(try await server.auditActions(chat.tenant).filter { $0 == "agent.update" }.count == 2)
        }
    }

    @Test("a bad agent body is refused with 400 and changes nothing")
    func badBodies() async throws {
        try await TestServer.run { server in
            let tenant = try await server.createTenant(slug: "ruim", owner: "554700000001", baseURL: nil)
            let path = "/admin/tenants/ruim/agents/marketing"
            let before = try await server.request(.GET, path).json
            let bodies: [[String: Any]] = [
                ["status": "dormindo", "goal": "Vender muito mais pão todos os dias."],
                ["humor": "alto"],
                ["tools": ["add_expense", "hackear"]],
                ["config": ["temperature": 5]],
                ["goal": "curto"],
            ]
            for body in bodies {
                #expect(try await server.request(.PUT, path, json: body).status == 400, "\(body)")
            }
            #expect(try await server.request(.PUT, path, raw: Data("{".utf8)).status == 400)
            #expect(try await server.request(.PUT, path, raw: Data("[]".utf8)).status == 400)
            let after = try await server.request(.GET, path).json
            #expect(after["goal"] as? String == before["goal"] as? String)
            #expect(after["status"] as? String == "active")
            #expect(after["tools"] as? [String] == ["remember_fact"])
            #expect(after["updatedAt"] as? String == before["updatedAt"] as? String)
            #expect(try await server.auditActions(tenant).contains("agent.update") == false)
        }
    }

    @Test("an unknown field inside an agent's config is refused with 400 and keeps the config")
    func unknownNestedField() async throws {
        try await TestServer.run { server in
            _ = try await server.createTenant(slug: "aninhado", owner: "554700000001", baseURL: nil)
            let path = "/admin/tenants/aninhado/agents/marketing"
            #expect(try await server.request(.PUT, path, json: ["config": ["temperature": 0.3]]).status == 200)
            #expect(try await server.request(.PUT, path, json: ["config": ["temperatura": 0.9]]).status == 400)
            let config = try await server.request(.GET, path)["config"] as? [String: Any]
            #expect(config?["temperature"] as? Double == 0.3)
        }
    }

    @Test("a company token reaches its own crew only; another company's gets 403 and a user token only reads")
    func scoped() async throws {
        try await TestServer.run { server in
            _ = try await server.createTenant(slug: "minha", owner: "554700000001", baseURL: nil)
            _ = try await server.createTenant(slug: "alheia", owner: "554700000002", baseURL: nil)
            let created = try await server.request(.POST, "/admin/tenants/minha/tokens", json: ["name": "gerente", "role": "admin"])
            let mine = try #require(created["token"] as? String)
            let reader = try await server.request(.POST, "/admin/tenants/minha/tokens", json: ["name": "contador", "role": "user"])
            let readOnly = try #require(reader["token"] as? String)
            for suffix in ["agents", "agents/marketing", "config", "tasks", "audit"] {
                #expect(try await server.request(.GET, "/admin/tenants/minha/\(suffix)", token: mine).status == 200, "\(suffix)")
                #expect(try await server.request(.GET, "/admin/tenants/alheia/\(suffix)", token: mine).status == 403, "\(suffix)")
            }
            let disable: [String: Any] = ["status": "inactive"]
            #expect(try await server.request(.PUT, "/admin/tenants/alheia/agents/marketing", json: disable, token: mine).status == 403)
            #expect(try await server.request(.PUT, "/admin/tenants/alheia/config", json: ["groups": true], token: mine).status == 403)
            #expect(try await server.request(.PUT, "/admin/tenants/minha/agents/marketing", json: disable, token: readOnly).status == 403)
            #expect(try await server.request(.GET, "/admin/tenants/alheia/agents/marketing")["status"] as? String == "active")
            #expect(try await server.request(.GET, "/admin/tenants/minha/agents/marketing")["status"] as? String == "active")
            #expect(try await server.request(.PUT, "/admin/tenants/minha/agents/marketing", json: disable, token: mine).status == 200)
        }
    }
}

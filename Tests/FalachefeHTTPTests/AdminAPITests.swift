import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The admin API: closed without a token, scoped per company, validating its input.
@Suite("Admin API")
struct AdminAPITests {
    @Test("admin routes are 401 without a valid bearer token, with a JSON error")
    func closedWithoutToken() async throws {
        try await TestServer.run { server in
            let none = try await server.request(.GET, "/admin/tenants", token: nil)
            #expect(none.status == 401)
            #expect(none["code"] as? String == "unauthorized")
            #expect(try await server.request(.GET, "/admin/tenants", token: "wrong-token-123456789").status == 401)
            #expect(try await server.request(.POST, "/admin/tenants", json: ["slug": "x"], token: nil).status == 401)
        }
    }

    @Test("a company token reaches its own company only: 403 elsewhere; a user token only reads")
    func companyScope() async throws {
        try await TestServer.run { server in
            let mine = try await server.createTenant(slug: "minha", owner: "554700000001", baseURL: nil)
            _ = try await server.createTenant(slug: "outra", owner: "554700000002", baseURL: nil)
            let created = try await server.request(.POST, "/admin/tenants/minha/tokens", json: ["name": "gerente", "role": "admin"])
            #expect(created.status == 201)
            let adminToken = try #require(created["token"] as? String)
            #expect(try await server.request(.GET, "/admin/tenants/minha", token: adminToken).status == 200)
            #expect(try await server.request(.GET, "/admin/tenants/outra", token: adminToken).status == 403)
            #expect(try await server.request(.POST, "/admin/tenants/outra/pause", json: [:], token: adminToken).status == 403)
            let listed = try await server.request(.GET, "/admin/tenants", token: adminToken)
            #expect((listed["tenants"] as? [[String: Any]])?.compactMap { $0["slug"] as? String } == ["minha"])
            let body: [String: Any] = ["slug": "nova", "name": "Nova", "instance": ["owner": "554700000003", "token": "abcdefgh12"]]
            #expect(try await server.request(.POST, "/admin/tenants", json: body, token: adminToken).status == 403)
            let reader = try await server.request(
                .POST, "/admin/tenants/minha/tokens", json: ["name": "contador", "role": "user"], token: adminToken)
            let readToken = try #require(reader["token"] as? String)
            #expect(try await server.request(.GET, "/admin/tenants/minha", token: readToken).status == 200)
            #expect(try await server.request(.POST, "/admin/tenants/minha/pause", json: [:], token: readToken).status == 403)
            #expect(try await server.snapshot(mine)["status"] as? String == "active")
        }
    }

    @Test("tenant creation validates input and refuses duplicates; tokens are never returned")
    func createValidation() async throws {
        try await TestServer.run { server in
            func create(_ body: [String: Any]) async throws -> TestServer.Answer {
                try await server.request(.POST, "/admin/tenants", json: body)
            }
            let instance: [String: Any] = ["owner": "554700000001", "token": "segredo-123456"]
            #expect(try await create(["slug": "Bad Slug!", "name": "Empresa", "instance": instance]).status == 400)
            #expect(try await create(["slug": "ok", "instance": instance]).status == 400)
            #expect(try await create(["slug": "ok", "name": "Empresa", "instance": ["owner": "abc", "token": "segredo-123456"]]).status == 400)
            #expect(try await create(["slug": "ok", "name": "Empresa", "instance": ["owner": "554700000001", "token": "curto"]]).status == 400)
            #expect(try await create([
                "slug": "ok", "name": "Empresa", "instance": ["owner": "554700000001", "token": "segredo-123456", "baseUrl": "ftp://x"],
            ]).status == 400)
            #expect(try await server.request(.POST, "/admin/tenants", raw: Data("{".utf8)).status == 400)
            let created = try await create(["slug": "ok", "name": "Empresa", "instance": instance])
            #expect(created.status == 201)
            #expect(created["owner"] as? String == "554700000001")
            #expect(!"\(created.json)".contains("segredo-123456"))
            #expect(try await create(["slug": "ok", "name": "Outra", "instance": ["owner": "554700000009", "token": "segredo-99999"]]).status == 409)
            #expect(try await create(["slug": "outra", "name": "Outra", "instance": instance]).status == 409)
            let all = try await server.request(.GET, "/admin/tenants")
            #expect(!"\(all.json)".contains("segredo-123456"))
            #expect(try await server.request(.GET, "/admin/tenants/nao-existe").status == 404)
        }
    }

    @Test("users are registered once per phone, with or without the 9th digit and country code")
    func users() async throws {
        try await TestServer.run { server in
            let tenant = try await server.createTenant(slug: "users", owner: "554700000001", baseURL: nil)
            try await server.addUser(tenant, name: "João", phone: "5511987654321")
            let again = try await server.request(.POST, "/admin/tenants/users/users", json: ["name": "J", "phone": "1187654321"])
            #expect(again.status == 409)
            let badRole = try await server.request(
                .POST, "/admin/tenants/users/users", json: ["name": "X", "phone": "5511911112222", "role": "chefe"])
            #expect(badRole.status == 400)
            let listed = try await server.request(.GET, "/admin/tenants/users/users")
            #expect((listed["users"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("a registered user's number without the 9th digit still reaches the crew")
    func ninthDigitMatching() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "nono", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: "5511987654321")
            try await server.send("oi", to: tenant, from: "551187654321")
            let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(sent[0].number == "551187654321")
            #expect(sent[0].text.contains("João"))
            let conversation = try await server.conversation(tenant, "5511987654321")
            #expect(conversation.first?["direction"] as? String == "in")
            #expect(conversation.last?["agent"] as? String != nil)
        }
    }
}

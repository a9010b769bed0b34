import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// A person decides what the crew left for approval, through the admin API.
@Suite("Crew human approval")
struct CrewApprovalTests {
    @Test("an expense above the threshold is booked only when a person approves it; the user is told")
    func approveThenBook() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("aprovacao", uaz: uaz)
            let config = try await server.request(
                .PUT, "/admin/tenants/aprovacao/config", json: ["finance": ["humanApprovalAboveCents": 500_000]])
            #expect(config.status == 200)
            let waiting = try await chat.say("paguei 8.000 de fornecedor")
            #expect(waiting.contains("pendente"))
            let state = try await server.request(.GET, "/admin/tenants/aprovacao/conversations/\(chat.phone)/state")
            #expect(state["humanApprovalStatus"] as? String == "pending")
            #expect((state["pendingAction"] as? [String: Any])?["amountCents"] as? Int == 800_000)

            let before = await chat.replies().count
            let approved = try await server.request(
                .POST, "/admin/tenants/aprovacao/conversations/\(chat.phone)/approval", json: ["decision": "approved"])
            #expect(approved.status == 200)
            #expect(approved["humanApprovalStatus"] as? String == "approved")
            #expect(approved["pendingAction"] == nil)
            #expect(try await eventually { await chat.replies().count > before })
            let told = await chat.replies()[before]
            #expect(told.hasPrefix("Aprovado pela equipe. Anotado: despesa de R$ 8.000,00 em Fornecedores"))
            #expect(try await chat.say("qual meu saldo?").contains("Saídas: R$ 8.000,00"))

            let again = try await server.request(
                .POST, "/admin/tenants/aprovacao/conversations/\(chat.phone)/approval", json: ["decision": "approved"])
            #expect(again.status == 409, "nothing awaits approval any more")
            #expect(try await server.auditActions(chat.tenant).contains("approval.approved"))
        }
    }

    @Test("a rejected expense is never booked and the user is told; bad decisions change nothing")
    func rejectAndValidate() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("rejeicao", uaz: uaz)
            _ = try await server.request(.PUT, "/admin/tenants/rejeicao/config", json: ["finance": ["humanApprovalAboveCents": 100_000]])
            _ = try await chat.say("paguei 2.000 de aluguel")
            let path = "/admin/tenants/rejeicao/conversations/\(chat.phone)/approval"
            #expect(try await server.request(.POST, path, json: ["decision": "talvez"]).status == 400)
            #expect(try await server.request(.POST, path, json: ["decision": "approved", "extra": 1]).status == 400)
            let before = await chat.replies().count
            let rejected = try await server.request(.POST, path, json: ["decision": "rejected"])
            #expect(rejected["humanApprovalStatus"] as? String == "rejected")
            #expect(try await eventually { await chat.replies().count > before })
            #expect(await chat.replies()[before].contains("não foi aprovada"))
            #expect(try await chat.say("qual meu saldo?").contains("Ainda não há lançamentos"))
            let stranger = try await server.request(.POST, "/admin/tenants/rejeicao/conversations/5521999990000/approval",
                                                    json: ["decision": "approved"])
            #expect(stranger.status == 409)
        }
    }
}

import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// A person's decision taken through one node while another node answers the conversation.
@Suite("Approval across nodes")
struct ApprovalAcrossNodesTests {
    @Test("a decision taken on node A is not undone by node B, which cached the conversation before it")
    func decisionSurvivesTheOtherNode() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let configure: (inout AppConfiguration) -> Void = { $0.databaseURL = database.url }
            try await TestServer.runWithUAZ(configure: configure) { nodeA, uaz in
                try await TestServer.run(configure: configure) { nodeB in
                    try await Self.run(nodeA: nodeA, nodeB: nodeB, uaz: uaz)
                }
            }
        }
    }

    private static func run(nodeA: TestServer, nodeB: TestServer, uaz: FakeUAZServer) async throws {
        let chat = try await nodeA.chat("doisnos", uaz: uaz)
        let config = try await nodeA.request(
            .PUT, "/admin/tenants/doisnos/config", json: ["finance": ["humanApprovalAboveCents": 500_000]])
        #expect(config.status == 200)
        // The user writes through node B, which answers and caches the conversation.
        let onB = CrewChat(server: nodeB, uaz: uaz, tenant: chat.tenant, phone: chat.phone)
        #expect(try await onB.say("paguei 8.000 de fornecedor").contains("pendente"))

        let path = "/admin/tenants/doisnos/conversations/\(chat.phone)"
        let before = await onB.replies().count
        let approved = try await nodeA.request(.POST, "\(path)/approval", json: ["decision": "approved"])
        #expect(approved.status == 200)
        #expect(try await eventually { await onB.replies().count > before })
        #expect(await onB.replies()[before].hasPrefix("Aprovado pela equipe."))

        #expect(try await onB.say("qual meu saldo?").contains("Saídas: R$ 8.000,00"))
        let state = try await nodeA.request(.GET, "\(path)/state")
        #expect(state["humanApprovalStatus"] as? String == "approved", "node B must not write back its stale state")
        #expect(state["pendingAction"] == nil)
    }
}

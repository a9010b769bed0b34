import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The admin view of the crew's memories: what it remembers of a user, and importance.
@Suite("Crew memories admin API")
struct CrewMemoriesAdminTests {
    @Test("a stated fact is listed for its user; its importance can be raised, and only within the company")
    func listAndImportance() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let chat = try await server.chat("memorias", uaz: uaz)
            let other = try await server.chat("outra-empresa", uaz: uaz, phone: "5511900000002")
            _ = try await chat.say("meu fornecedor principal é a Distribuidora Sol")
            _ = try await other.say("meu contador é o Carlos")

            let listed = try await server.request(.GET, "/admin/tenants/memorias/users/\(chat.phone)/memories")
            let memories = try #require(listed["memories"] as? [[String: Any]])
            #expect(memories.count == 1)
            let memory = try #require(memories.first)
            #expect(memory["content"] as? String == "meu fornecedor principal é a Distribuidora Sol")
            #expect(memory["kind"] as? String == "fact")
            let id = try #require(memory["id"] as? String)

            let raised = try await server.request(.PUT, "/admin/tenants/memorias/memories/\(id)", json: ["importance": 9])
            #expect(raised.status == 200)
            let after = try await server.request(.GET, "/admin/tenants/memorias/users/\(chat.phone)/memories")
            #expect((after["memories"] as? [[String: Any]])?.first?["importance"] as? Int == 9)
            #expect(try await server.auditActions(chat.tenant).contains("memory.importance"))

            let foreign = try await server.request(.PUT, "/admin/tenants/outra-empresa/memories/\(id)", json: ["importance": 1])
            #expect(foreign.status == 404)
            let outOfRange = try await server.request(.PUT, "/admin/tenants/memorias/memories/\(id)", json: ["importance": 11])
            #expect(outOfRange.status == 400)
            let unknownUser = try await server.request(.GET, "/admin/tenants/memorias/users/5599988887777/memories")
            #expect(unknownUser.status == 404)
            let otherList = try await server.request(.GET, "/admin/tenants/outra-empresa/users/\(chat.phone)/memories")
            #expect(otherList.status == 404, "the other company has no user with that phone")
        }
    }
}

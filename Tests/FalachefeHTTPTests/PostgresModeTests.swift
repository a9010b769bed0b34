import FalachefeCore
import FalachefeHTTP
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The server in production mode (`DATABASE_URL`): the same webhook-to-reply path on
/// PostgreSQL, surviving a restart.
@Suite("Server on PostgreSQL")
struct PostgresModeTests {
    @Test("with DATABASE_URL the whole path runs on PostgreSQL and what was booked survives a restart")
    func wholePathAndRestart() async throws {
        let uaz = try await FakeUAZServer.start()
        do {
            try await run(uaz)
        } catch {
            await uaz.stop()
            throw error
        }
        await uaz.stop()
    }

    /// Two server runs on one fresh database, both sending through `uaz`.
    private func run(_ uaz: FakeUAZServer) async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let configure: (inout AppConfiguration) -> Void = { $0.databaseURL = database.url }
            let joao = "5511900000001"
            var tenant: TestTenant?
            try await TestServer.run(configure: configure) { server in
                let created = try await server.createTenant(slug: "padaria-pg", owner: "554700000099", baseURL: await uaz.baseURL)
                tenant = created
                try await server.addUser(created, name: "João", phone: joao)
                #expect(try await server.send("gastei 50 reais no almoço", to: created, from: joao)["status"] as? String == "accepted")
                let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
                #expect(sent[0].text.contains("R$ 50,00 em Alimentação"))
                #expect(try await server.request(.GET, "/health/ready").status == 200)
            }
            let created = try #require(tenant)
            try await TestServer.run(configure: configure) { server in
                #expect(try await server.snapshot(created)["slug"] as? String == "padaria-pg")
                try await server.send("qual meu saldo?", to: created, from: joao)
                let sent = try await uaz.waitForSent(count: 2, timeout: .seconds(10))
                #expect(sent[1].text.contains("Saídas: R$ 50,00"), "balance after a restart: \(sent[1].text)")
            }
        }
    }
}

import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// The whole path over real HTTP: uazapi webhook → durable inbox → crew → outbox → fake UAZ.
@Suite("Webhook to reply")
struct WebhookPathTests {
    let owner = "554700000001"
    let joao = "5511900000001"

    @Test("a registered user's booking is answered through UAZ and the balance reflects it")
    func bookingAndBalance() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "padaria", owner: owner, baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: joao)
            let answer = try await server.send("gastei 50 reais no almoço", to: tenant, from: joao)
            #expect(answer.status == 200)
            #expect(answer["status"] as? String == "accepted")
            let first = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(first[0].number == joao)
            #expect(first[0].token == tenant.token)
            #expect(first[0].text.contains("R$ 50,00"))
            try await server.send("recebi 200 reais de venda", to: tenant, from: joao)
            try await server.send("qual meu saldo?", to: tenant, from: joao)
            let all = try await uaz.waitForSent(count: 3, timeout: .seconds(10))
            #expect(all[2].text.contains("R$ 150,00"), "balance after 200 in and 50 out: \(all[2].text)")
        }
    }

    @Test("a redelivered message is answered 'duplicate' and processed once")
    func duplicates() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "dup", owner: owner, baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "João", phone: joao)
            let first = try await server.send("gastei 30 reais de uber", to: tenant, from: joao, messageID: "ABC1")
            let again = try await server.send("gastei 30 reais de uber", to: tenant, from: joao, messageID: "ABC1")
            #expect(first["status"] as? String == "accepted")
            #expect(again["status"] as? String == "duplicate")
            try await server.send("qual meu saldo?", to: tenant, from: joao)
            let sent = try await uaz.waitForSent(count: 2, timeout: .seconds(10))
            #expect(sent[1].text.contains("R$ 30,00"))
            #expect(!sent[1].text.contains("R$ 60,00"))
            #expect(try await server.replies(tenant, joao).count == 2)
        }
    }

    @Test("a LID sender is answered at its phone number, never at the LID or chat id")
    func lidSender() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(
                slug: "lid", owner: owner, token: "00000000-0000-4000-8000-000000000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "Cliente", phone: joao)
            let answer = try await server.request(.POST, "/webhooks/uaz", raw: try Fixtures.uazapi("message-text-lid-sender.json"), token: nil)
            #expect(answer["status"] as? String == "accepted")
            let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(sent[0].number == joao)
        }
    }

    @Test("an unknown sender gets one onboarding reply a day and no company data")
    func unknownSender() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "onb", owner: owner, baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "Dono", phone: joao)
            try await server.send("gastei 500 reais de aluguel", to: tenant, from: joao)
            _ = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            let stranger = "5521988887777"
            try await server.send("qual o saldo da empresa?", to: tenant, from: stranger)
            try await server.send("oi??", to: tenant, from: stranger)
            let processed = try await eventually {
                try await server.conversation(tenant, stranger).filter { $0["direction"] as? String == "in" }
                    .allSatisfy { $0["status"] as? String == "processed" }
            }
            #expect(processed)
            let replies = try await server.replies(tenant, stranger)
            #expect(replies.count == 1)
            #expect(replies.first?.contains("não está cadastrado") == true)
            #expect(replies.allSatisfy { !$0.contains("500") })
        }
    }

    @Test("media gets one polite text reply; fromMe, API echoes and groups are ignored")
    func mediaAndIgnored() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(
                slug: "media", owner: owner, token: "00000000-0000-4000-8000-000000000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "Cliente", phone: joao)
            for (fixture, expected) in [
                ("message-from-me.json", "ignored"), ("message-group.json", "ignored"),
                ("presence.json", "ignored"), ("connection.json", "ignored"), ("message-audio-ptt.json", "accepted"),
            ] {
                let answer = try await server.request(.POST, "/webhooks/uaz", raw: try Fixtures.uazapi(fixture), token: nil)
                #expect(answer.status == 200, "\(fixture)")
                #expect(answer["status"] as? String == expected, "\(fixture)")
            }
            let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(sent[0].text.contains("só consigo entender textos"))
            #expect(try await server.conversation(tenant, joao).count == 2)
        }
    }

    @Test("user text cannot expand uazapi placeholders in replies")
    func placeholdersEscaped() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "esc", owner: owner, baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "{{lead_name}}", phone: joao)
            try await server.send("oi", to: tenant, from: joao)
            let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(!sent[0].text.contains("{{"))
        }
    }
}

import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Bad or unauthenticated webhooks get a clear answer and change nothing.
@Suite("Webhook rejections")
struct WebhookRejectionTests {
    let joao = "5511900000001"

    @Test("wrong token, unknown owner and another tenant's credentials are 401 and store nothing")
    func authentication() async throws {
        try await TestServer.run { server in
            let a = try await server.createTenant(slug: "a-co", owner: "554700000001", baseURL: nil)
            let b = try await server.createTenant(slug: "b-co", owner: "554700000002", baseURL: nil)
            var forged = a
            forged.token = "not-the-token"
            let wrong = try await server.send("oi", to: forged, from: joao)
            #expect(wrong.status == 401)
            #expect(!"\(wrong.json)".contains(a.token))
            var stranger = a
            stranger.owner = "554799999999"
            #expect(try await server.send("oi", to: stranger, from: joao).status == 401)
            let crossTenant = try await server.send("oi", to: b, from: joao, path: "/webhooks/uaz/a-co")
            #expect(crossTenant.status == 401)
            #expect(try await server.send("oi", to: a, from: joao, path: "/webhooks/uaz/a-co").status == 200)
            #expect(try await server.conversation(a, joao).filter { $0["direction"] as? String == "in" }.count == 1)
            #expect(try await server.conversation(b, joao).isEmpty)
        }
    }

    @Test("malformed JSON and a messages event without id are 400; above 1 MiB is 413")
    func malformed() async throws {
        try await TestServer.run { server in
            let tenant = try await server.createTenant(slug: "bad", owner: "554700000001", baseURL: nil)
            #expect(try await server.request(.POST, "/webhooks/uaz", raw: Data("{not json".utf8), token: nil).status == 400)
            var payload = UAZWebhookPayload.text(owner: tenant.owner, token: tenant.token, from: joao, text: "oi")
            var message = payload["message"] as? [String: Any] ?? [:]
            message["id"] = nil
            payload["message"] = message
            #expect(try await server.request(.POST, "/webhooks/uaz", json: payload, token: nil).status == 400)
            let big = UAZWebhookPayload.text(
                owner: tenant.owner, token: tenant.token, from: joao, text: String(repeating: "a", count: 1_100_000))
            #expect(try await server.request(.POST, "/webhooks/uaz", json: big, token: nil).status == 413)
            #expect(try await server.conversation(tenant, joao).isEmpty)
        }
    }

    @Test("a backlog over the hard limit answers 503 with Retry-After and stores nothing more")
    func overload() async throws {
        try await TestServer.run(configure: { $0.runtime.backlogHardLimit = 3 }) { server in
            let tenant = try await server.createTenant(slug: "full", owner: "554700000001", baseURL: nil)
            #expect(try await server.request(.POST, "/admin/tenants/full/pause", json: ["reason": "teste"]).status == 200)
            for index in 0..<3 {
                let answer = try await server.send("mensagem \(index)", to: tenant, from: "55119000000\(10 + index)")
                #expect(answer["status"] as? String == "queued")
            }
            let refused = try await server.send("mais uma", to: tenant, from: "5511900000020")
            #expect(refused.status == 503)
            #expect(refused.headers.first(name: "Retry-After") != nil)
            #expect(try await server.snapshot(tenant)["backlog"] as? Int == 3)
        }
    }

    @Test("the sender rate limit answers rate_limited and the message is not processed")
    func rateLimited() async throws {
        try await TestServer.run(configure: { $0.runtime.senderMessagesPerMinute = 2 }) { server in
            let tenant = try await server.createTenant(slug: "rl", owner: "554700000001", baseURL: nil)
            let answers = try await (0..<3).asyncMap { try await server.send("oi \($0)", to: tenant, from: joao) }
            #expect(answers.map { $0["status"] as? String } == ["accepted", "accepted", "rate_limited"])
            let metrics = try await server.text("/metrics")
            #expect(metrics.contains("whatsapp_rate_limit_hits_total{tenant=\"rl\",limit_type=\"sender\"} 1"))
        }
    }

    @Test("delivery receipts update the status of our replies")
    func receipts() async throws {
        try await TestServer.runWithUAZ { server, uaz in
            let tenant = try await server.createTenant(slug: "rcpt", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.send("oi", to: tenant, from: joao)
            let sent = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            let recorded = try await eventually {
                try await server.conversation(tenant, joao).last?["status"] as? String == "sent"
            }
            #expect(recorded)
            let receipt = UAZWebhookPayload.receipt(
                owner: tenant.owner, token: tenant.token, to: joao, messageIDs: [sent[0].messageID], state: "Read")
            #expect(try await server.request(.POST, "/webhooks/uaz", json: receipt, token: nil).status == 200)
            let read = try await eventually {
                try await server.conversation(tenant, joao).last?["status"] as? String == "read"
            }
            #expect(read)
        }
    }
}

extension Sequence {
    /// Maps in order, one element at a time.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}

import FalachefeCore
import FalachefeHTTP
import FalachefeRedis
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// A server with `REDIS_URL` whose Redis goes away mid-test and comes back.
@Suite("Server with Redis")
struct RedisOutageServerTests {
    @Test("without Redis the node keeps answering on local limits and database dedupe, reports not ready, counts fallbacks, and rejoins")
    func keepsServingWhileRedisIsAway() async throws {
        let uaz = try await FakeUAZServer.start()
        let redis = try await RedisTestServer.startPrivate()
        do {
            try await run(uaz: uaz, redis: redis)
        } catch {
            await uaz.stop()
            try? await redis.stop()
            throw error
        }
        await uaz.stop()
        try await redis.stop()
    }

    private func readiness(_ server: TestServer) async throws -> (Int, String?) {
        let answer = try await server.request(.GET, "/health/ready", token: nil)
        return (answer.status, (answer["checks"] as? [String: String])?["redis"])
    }

    private func run(uaz: FakeUAZServer, redis: RedisTestServer) async throws {
        let url = try RedisURL(redis.url)
        try await TestServer.run(configure: { $0.redisURL = url }) { server in
            let tenant = try await server.createTenant(slug: "redis-fora", owner: "554700000321", baseURL: await uaz.baseURL)
            let phone = "5511900000321"
            try await server.addUser(tenant, name: "Ana", phone: phone)
            #expect(try await server.send("oi", to: tenant, from: phone, messageID: "R1")["status"] as? String == "accepted")
            _ = try await uaz.waitForSent(count: 1, timeout: .seconds(10))
            #expect(try await readiness(server) == (200, "ok"))
            #expect(try await server.send("oi", to: tenant, from: phone, messageID: "R1")["status"] as? String == "duplicate")

            try await redis.down()
            #expect(try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                try await readiness(server) == (503, "unreachable")
            })
            let during = try await server.send("gastei 10 reais no mercado", to: tenant, from: phone, messageID: "R2")
            #expect(during["status"] as? String == "accepted")
            let sent = try await uaz.waitForSent(count: 2, timeout: .seconds(10))
            #expect(sent[1].text.contains("R$ 10,00"))
            #expect(try await server.send("gastei 10 reais", to: tenant, from: phone, messageID: "R2")["status"] as? String == "duplicate")
            let metrics = try await server.text("/metrics")
            #expect(metrics.contains("falachefe_redis_up 0"))
            #expect(metrics.contains(#"falachefe_redis_fallbacks_total{operation="dedupe"}"#))
            #expect(metrics.contains(#"falachefe_redis_fallbacks_total{operation="limit"}"#))
            #expect(metrics.contains(#"falachefe_redis_fallbacks_total{operation="admission"}"#))

            try await redis.up()
            #expect(try await eventually(timeout: .seconds(15), every: .milliseconds(50)) {
                try await readiness(server) == (200, "ok")
            })
            #expect(try await server.send("oi de novo", to: tenant, from: phone, messageID: "R3")["status"] as? String == "accepted")
            _ = try await uaz.waitForSent(count: 3, timeout: .seconds(10))
            #expect(try await server.text("/metrics").contains("falachefe_redis_up 1"))
        }
    }
}

import FalachefeCore
import FalachefeRedis
import FalachefeTestSupport
import Foundation
import Testing

/// Two coordinators with separate clients are two server nodes sharing one Redis.
@Suite("Redis coordinator shared by two nodes")
struct RedisCoordinatorTests {
    private func twoNodes(prefix: String = RedisTests.uniquePrefix()) throws -> (RedisCoordinator, RedisCoordinator) {
        let configuration = RedisTests.configuration(try RedisTests.sharedURL())
        return (
            RedisCoordinator(configuration: configuration, keyPrefix: prefix, logger: RedisTests.quiet),
            RedisCoordinator(configuration: configuration, keyPrefix: prefix, logger: RedisTests.quiet)
        )
    }

    @Test("a message marked seen on node A is seen on node B, for at least 7 days")
    func dedupeIsShared() async throws {
        let (a, b) = try twoNodes()
        try await RedisTests.withRunning([a, b]) { () async throws in
            #expect(await b.admit(tenantID: "t1", messageID: "m1", limits: [], now: Date()) == .allowed)
            await a.markSeen(tenantID: "t1", messageID: "m1", retention: 60)
            #expect(await b.admit(tenantID: "t1", messageID: "m1", limits: [], now: Date()) == .seen)
            #expect(await b.admit(tenantID: "t2", messageID: "m1", limits: [], now: Date()) == .allowed)

            // The retention asked for (60 s) is raised to the 7-day minimum.
            let ttl = try await a.client.send(["TTL", a.dedupeKey(tenantID: "t1", messageID: "m1")]).integer ?? 0
            #expect(ttl > 7 * 24 * 3600 - 60 && ttl <= 7 * 24 * 3600)
            let longer = 30 * 24 * 3600.0
            await a.markSeen(tenantID: "t1", messageID: "m2", retention: longer)
            let pttl = try await a.client.send(["PTTL", a.dedupeKey(tenantID: "t1", messageID: "m2")]).integer ?? 0
            #expect(pttl > Int(longer * 1000) - 60_000)
        }
    }

    @Test("10 per minute shared: 6 takes on A and 4 on B pass, the 11th waits one emission interval")
    func limitIsShared() async throws {
        let (a, b) = try twoNodes()
        let limit = SharedLimit(name: "sender", key: "5511999990000", capacity: 10, period: 60)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await RedisTests.withRunning([a, b]) { () async throws in
            for _ in 0..<6 { #expect(await a.take(limit, now: now) == .allowed) }
            for _ in 0..<4 { #expect(await b.take(limit, now: now) == .allowed) }

            for node in [a, b] {
                guard case .limited(let retryAfter)? = await node.take(limit, now: now) else {
                    Issue.record("the 11th take was not limited")
                    return
                }
                #expect(abs(retryAfter - 6) < 0.01, "retryAfter \(retryAfter)")
            }
            // Half an interval later: still limited, for the remaining 3 s.
            guard case .limited(let retryAfter)? = await b.take(limit, now: now + 3) else {
                Issue.record("a take half an interval later was not limited")
                return
            }
            #expect(abs(retryAfter - 3) < 0.01, "retryAfter \(retryAfter)")
            // One emission interval later exactly one more take passes.
            #expect(await b.take(limit, now: now + 6) == .allowed)
            #expect(await a.take(limit, now: now + 6) != .allowed)
            // Another key of the same limit is independent.
            let other = SharedLimit(name: "sender", key: "5511888880000", capacity: 10, period: 60)
            #expect(await a.take(other, now: now) == .allowed)
        }
    }

    @Test("admission in one step: a seen message spends nothing, a limited sender spends none of the tenant's units")
    func admissionChecksDedupeThenLimitsInOrder() async throws {
        let (a, b) = try twoNodes()
        let sender = SharedLimit(name: "sender", key: "t1:5511999990000", capacity: 2, period: 60)
        let tenant = SharedLimit(name: "tenant", key: "t1", capacity: 3, period: 60)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try await RedisTests.withRunning([a, b]) { () async throws in
            #expect(await a.admit(tenantID: "t1", messageID: "m1", limits: [sender, tenant], now: now) == .allowed)
            await a.markSeen(tenantID: "t1", messageID: "m1", retention: 60)
            // Seen on another node: answered without spending a unit of either limit.
            #expect(await b.admit(tenantID: "t1", messageID: "m1", limits: [sender, tenant], now: now) == .seen)
            #expect(await b.admit(tenantID: "t1", messageID: "m2", limits: [sender, tenant], now: now) == .allowed)
            #expect(await a.admit(tenantID: "t1", messageID: "m3", limits: [sender, tenant], now: now) == .limited(limit: "sender"))
            // The refused sender took none of the tenant's 3 units: one is left, then none.
            let other = SharedLimit(name: "sender", key: "t1:5511888880000", capacity: 2, period: 60)
            #expect(await b.admit(tenantID: "t1", messageID: "m4", limits: [other, tenant], now: now) == .allowed)
            #expect(await b.admit(tenantID: "t1", messageID: "m5", limits: [other, tenant], now: now) == .limited(limit: "tenant"))
            // Limits taken one by one and through admission are the same buckets.
            #expect(await a.take(tenant, now: now) != .allowed)
        }
    }

    @Test("the limit key expires once the bucket would be full again")
    func limitKeyExpires() async throws {
        let (a, _) = try twoNodes()
        let limit = SharedLimit(name: "tenant", key: "t1", capacity: 2, period: 10)
        try await RedisTests.withRunning([a]) { () async throws in
            #expect(await a.take(limit, now: Date()) == .allowed)
            let pttl = try await a.client.send(["PTTL", a.limitKey(limit)]).integer ?? 0
            #expect(pttl > 0 && pttl <= 5_000)
        }
    }

    @Test("the limit script is reloaded when Redis forgot it (NOSCRIPT)")
    func scriptReloads() async throws {
        let (a, _) = try twoNodes()
        let limit = SharedLimit(name: "outbound", key: "t1", capacity: 5, period: 1)
        try await RedisTests.withRunning([a]) { () async throws in
            #expect(await a.take(limit, now: Date()) == .allowed)
            _ = try await a.client.send(["SCRIPT", "FLUSH"])
            #expect(await a.take(limit, now: Date()) == .allowed)
        }
    }

    /// How fast is the benchmark's business (a loaded CI machine may stall any process for
    /// hundreds of milliseconds); here delivery is awaited with a generous deadline.
    @Test("an event published on A reaches each of B's consumers once, and A's own consumers once")
    func eventsAreBroadcast() async throws {
        let (a, b) = try twoNodes()
        let recorders = [EventRecorder(), EventRecorder(), EventRecorder()]
        let streams = [b.events(), b.events(), a.events()]
        let event = ClusterEvent.tenantChanged(tenantID: "tenant-\(UUID().uuidString)")
        try await RedisTests.withRunning([a, b]) { () async throws in
            try await withThrowingTaskGroup(of: Void.self) { group async throws in
                for (stream, recorder) in zip(streams, recorders) {
                    group.addTask { for await event in stream { await recorder.append(event) } }
                }
                defer { group.cancelAll() }
                #expect(try await eventually(timeout: .seconds(10)) { await b.subscriber.isSubscribed })
                #expect(try await eventually(timeout: .seconds(10)) { await a.client.ping() })

                await a.publish(event)
                #expect(try await eventually(timeout: .seconds(10), every: .milliseconds(5)) {
                    let first = await recorders[0].count(of: event)
                    let second = await recorders[1].count(of: event)
                    return first == 1 && second == 1
                })
                // The publisher's own consumers get it once (locally), not twice.
                #expect(await recorders[2].count(of: event) == 1)
            }
        }
    }

    @Test("events() streams end when the coordinator shuts down")
    func eventsEndOnShutdown() async throws {
        let (a, _) = try twoNodes()
        let stream = a.events()
        try await RedisTests.withRunning([a]) { () async throws in
            #expect(try await eventually(timeout: .seconds(10)) { await a.subscriber.isSubscribed })
        }
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test("key-values are shared, expire, and can be removed")
    func keyValues() async throws {
        let (a, b) = try twoNodes()
        try await RedisTests.withRunning([a, b]) { () async throws in
            try await a.put("code:5511999990000", value: "123456", ttl: 300)
            #expect(try await b.value(for: "code:5511999990000") == "123456")
            let pttl = try await a.client.send(["PTTL", a.valueKey("code:5511999990000")]).integer ?? 0
            #expect(pttl > 290_000 && pttl <= 300_000)
            try await b.remove("code:5511999990000")
            #expect(try await a.value(for: "code:5511999990000") == nil)
            #expect(try await a.value(for: "never-set") == nil)
        }
    }
}

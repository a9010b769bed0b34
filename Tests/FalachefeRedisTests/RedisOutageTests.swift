import FalachefeCore
import FalachefeRedis
import FalachefeTestSupport
import Foundation
import Logging
import Testing

/// Redis going away and coming back: the node keeps serving on its fallbacks, says so, and
/// rejoins by itself. Each test has a private server it can stop.
@Suite("Redis outages")
struct RedisOutageTests {
    @Test("Redis restarted mid-test: calls degrade fast, readiness drops, then both nodes rejoin and resubscribe")
    func restartMidTest() async throws {
        try await RedisTestServer.withPrivateServer { server in
            // Timeouts far above the bound checked below: a degraded call that waited for
            // one instead of failing at once cannot pass, however slow the machine.
            var configuration = RedisTests.configuration(try RedisURL(server.url))
            configuration.commandTimeout = .seconds(30)
            configuration.connectTimeout = .seconds(30)
            let prefix = RedisTests.uniquePrefix()
            let fallbacks = FallbackCounter()
            let a = RedisCoordinator(
                configuration: configuration, keyPrefix: prefix, logger: RedisTests.quiet, onFallback: fallbacks.hook
            )
            let b = RedisCoordinator(configuration: configuration, keyPrefix: prefix, logger: RedisTests.quiet)
            let received = EventRecorder()
            let stream = b.events()
            let limit = SharedLimit(name: "tenant", key: "t1", capacity: 100, period: 60)

            try await RedisTests.withRunning([a, b]) { () async throws in
                try await withThrowingTaskGroup(of: Void.self) { group async throws in
                    group.addTask { for await event in stream { await received.append(event) } }
                    defer { group.cancelAll() }

                    // Before: shared state works.
                    #expect(try await eventually(timeout: .seconds(10)) { await b.subscriber.isSubscribed })
                    await a.markSeen(tenantID: "t1", messageID: "before", retention: 0)
                    #expect(await b.admit(tenantID: "t1", messageID: "before", limits: [], now: Date()) == .seen)
                    #expect(await a.isAvailable())

                    // Outage.
                    try await server.down()
                    #expect(try await eventually(timeout: .seconds(10)) { await a.admit(tenantID: "t1", messageID: "x", limits: [], now: Date()) == nil })
                    #expect(try await eventually(timeout: .seconds(5)) {
                        let first = await a.isAvailable()
                        let second = await b.isAvailable()
                        return !first && !second
                    })
                    #expect(try await eventually(timeout: .seconds(5)) { await !b.subscriber.isSubscribed })
                    let started = ContinuousClock.now
                    #expect(await a.take(limit, now: Date()) == nil)
                    #expect(await a.admit(tenantID: "t1", messageID: "before", limits: [], now: Date()) == nil)
                    await a.markSeen(tenantID: "t1", messageID: "during", retention: 0)
                    await a.publish(.tenantChanged(tenantID: "during"))
                    let elapsed = ContinuousClock.now - started
                    #expect(elapsed < .seconds(10), "degraded calls took \(elapsed): they waited for a timeout")
                    #expect(fallbacks[RedisCoordinator.Operation.limit] >= 1)
                    #expect(fallbacks[RedisCoordinator.Operation.admission] >= 2)
                    #expect(fallbacks[RedisCoordinator.Operation.dedupe] >= 1)
                    #expect(fallbacks[RedisCoordinator.Operation.publish] >= 1)
                    await #expect(throws: CoordinatorError.self) { try await a.put("k", value: "v", ttl: 10) }

                    // Redis is back (empty: the test server keeps nothing). Both nodes rejoin
                    // without being told, and the subscriber listens again.
                    try await server.up()
                    #expect(try await eventually(timeout: .seconds(15)) {
                        let first = await a.isAvailable()
                        let second = await b.isAvailable()
                        return first && second
                    })
                    await a.markSeen(tenantID: "t1", messageID: "after", retention: 0)
                    #expect(await b.admit(tenantID: "t1", messageID: "after", limits: [], now: Date()) == .seen)
                    #expect(await b.take(limit, now: Date()) == .allowed)
                    try await a.put("k", value: "v", ttl: 10)
                    #expect(try await b.value(for: "k") == "v")

                    #expect(try await eventually(timeout: .seconds(15)) { await b.subscriber.isSubscribed })
                    let event = ClusterEvent.tenantChanged(tenantID: "after-restart")
                    await a.publish(event)
                    #expect(try await eventually(timeout: .seconds(1), every: .milliseconds(5)) {
                        await received.count(of: event) == 1
                    })
                }
            }
        }
    }

    @Test("a plain restart is survived by the client on its own (health checks reconnect)")
    func clientSurvivesRestart() async throws {
        try await RedisTestServer.withPrivateServer { server in
            let client = RedisClient(configuration: RedisTests.configuration(try RedisURL(server.url)), logger: RedisTests.quiet)
            try await withThrowingTaskGroup(of: Void.self) { group async throws in
                group.addTask { try await client.run() }
                defer { group.cancelAll() }
                #expect(try await client.send(["SET", "k", "1"]) == .simpleString("OK"))
                try await server.restart()
                // The restart dropped every pooled connection; health checks notice and reconnect.
                #expect(try await eventually(timeout: .seconds(15)) {
                    (try? await client.send(["GET", "k"])) == .null
                })
                #expect(await client.isAvailable)
            }
        }
    }

    @Test("Redis unreachable from the start: answers are nil at once, fallbacks are counted, readiness is false")
    func unreachableFromTheStart() async throws {
        let port = try await RedisTests.closedPort()
        let logs = CapturedLogs()
        let fallbacks = FallbackCounter()
        // Timeouts far above the bound checked below (see `restartMidTest`).
        var configuration = try RedisConfiguration(url: "redis://:hunter2-secret@127.0.0.1:\(port)/0")
        configuration.commandTimeout = .seconds(30)
        configuration.connectTimeout = .seconds(30)
        let coordinator = RedisCoordinator(
            configuration: configuration, keyPrefix: RedisTests.uniquePrefix(), logger: logs.logger, onFallback: fallbacks.hook
        )
        let limit = SharedLimit(name: "sender", key: "s1", capacity: 1, period: 1)

        let started = ContinuousClock.now
        #expect(await coordinator.admit(tenantID: "t1", messageID: "m1", limits: [], now: Date()) == nil)
        #expect(await coordinator.take(limit, now: Date()) == nil)
        await coordinator.markSeen(tenantID: "t1", messageID: "m1", retention: 0)
        await coordinator.publish(.tenantChanged(tenantID: "t1"))
        for _ in 0..<20 {
            #expect(await coordinator.admit(tenantID: "t1", messageID: "m1", limits: [], now: Date()) == nil)
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(10), "took \(elapsed): calls waited for a timeout")

        #expect(await !coordinator.isAvailable())
        #expect(fallbacks[RedisCoordinator.Operation.admission] == 21)
        #expect(fallbacks[RedisCoordinator.Operation.dedupe] == 1)
        #expect(fallbacks[RedisCoordinator.Operation.limit] == 1)
        #expect(fallbacks[RedisCoordinator.Operation.publish] == 1)
        await #expect(throws: CoordinatorError.self) { _ = try await coordinator.value(for: "k") }

        // One warning for the outage, not one per call; never the password.
        let records = logs.all
        #expect(records.filter { $0.level >= .warning }.count == 1)
        #expect(!records.contains { $0.message.contains("hunter2-secret") || $0.metadata.contains("hunter2-secret") })
        await coordinator.client.close()
    }
}

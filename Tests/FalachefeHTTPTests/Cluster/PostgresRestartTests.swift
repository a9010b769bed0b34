import FalachefeCore
import FalachefeHTTP
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import Logging
import NIOHTTP1
import PostgresNIO
import Testing

/// A server in production mode whose PostgreSQL is stopped at once (as a crash would) and
/// started again while webhooks keep coming.
@Suite("PostgreSQL restart", .serialized)
struct PostgresRestartTests {
    @Test("a PostgreSQL restart mid-load loses no acknowledged message and processes none twice")
    func restartLosesNothing() async throws {
        let uaz = try await FakeUAZServer.start()
        let postgres = try await PostgresTestServer.start()
        do {
            try await run(uaz: uaz, postgres: postgres)
        } catch {
            await uaz.stop()
            try? await postgres.stop()
            throw error
        }
        await uaz.stop()
        try await postgres.stop()
    }

    private func run(uaz: FakeUAZServer, postgres: PostgresTestServer) async throws {
        _ = try await TemporaryPostgresDatabase.admin(postgres.url) {
            try await $0.query("CREATE DATABASE falachefe_restart", logger: TemporaryPostgresDatabase.logger)
        }
        let database = postgres.url.with(database: "falachefe_restart")
        let senders = (0..<4).map { "55119300000\(10 + $0)" }
        var acknowledged: [String] = []
        var tenant: TestTenant?
        try await TestServer.run(configure: {
            $0.databaseURL = database
            $0.databaseConnectionWait = .seconds(1)
            $0.runtime.senderMessagesPerMinute = 100_000
        }) { server in
            let created = try await server.createTenant(slug: "pg-restart", owner: "554700000654", baseURL: await uaz.baseURL)
            tenant = created
            for (index, phone) in senders.enumerated() { try await server.addUser(created, name: "Pessoa \(index)", phone: phone) }
            let outage = Outage()
            acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
                for (index, phone) in senders.enumerated() {
                    group.addTask {
                        var mine: [String] = []
                        for round in 1...40 {
                            let id = "PGR-\(index)-\(round)"
                            let answer = try? await server.send(
                                "gastei \(round) reais no mercado", to: created, from: phone, messageID: id, timeout: .seconds(5))
                            if let answer, answer.status == 200, answer["status"] as? String == "accepted" {
                                mine.append("\(created.owner):\(id)")
                                await outage.acknowledged()
                            } else {
                                let unavailable = answer.map {
                                    $0.status == 503 && $0["code"] as? String == "store_unavailable"
                                        && $0.headers.first(name: "Retry-After") == "5"
                                }
                                if unavailable == true { await outage.refusedAsStoreUnavailable() }
                            }
                        }
                        return mine
                    }
                }
                group.addTask {
                    _ = try await eventually(timeout: .seconds(60), every: .milliseconds(5)) { await outage.acknowledgedCount >= 30 }
                    try await postgres.down()
                    _ = try await eventually(timeout: .seconds(30), every: .milliseconds(10)) {
                        await outage.unavailableCount >= 4
                    }
                    try await postgres.up()
                    return []
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(
                await outage.unavailableCount >= 4,
                "webhooks during the outage were answered 503 store_unavailable with Retry-After, not acknowledged or left hanging")
            #expect(try await server.text("/metrics").contains(#"falachefe_webhook_requests_total{outcome="store_unavailable"}"#))
            #expect(acknowledged.count > 30)
            let drained = try await eventually(timeout: .seconds(60), every: .milliseconds(100)) {
                let snapshot = try await server.snapshot(created)
                return snapshot["backlog"] as? Int == 0 && snapshot["outboxPending"] as? Int == 0
            }
            #expect(drained)
        }

        let created = try #require(tenant)
        let store = try await PostgresStore.connect(url: database, maximumConnections: 2, logger: Logger(label: "pg-restart-test"))
        do {
            try await expectBookedExactlyOnce(acknowledged, tenantID: created.id, in: store)
            #expect(try await store.pendingCount(tenantID: created.id) == 0)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

/// Webhooks acknowledged so far, and those refused with the store-unavailable answer.
private actor Outage {
    private(set) var acknowledgedCount = 0
    private(set) var unavailableCount = 0

    func acknowledged() { acknowledgedCount += 1 }
    func refusedAsStoreUnavailable() { unavailableCount += 1 }
}

import FalachefeCore
import FalachefeHTTP
import FalachefePostgres
import FalachefeTestSupport
import Foundation
import NIOHTTP1
import Testing

/// Two `falachefe serve` processes on one PostgreSQL and one Redis, as production runs
/// several nodes: webhooks sprayed over both, one node killed with SIGKILL mid-run, and a
/// pause given on one node honoured by the other.
@Suite("Several nodes", .serialized)
struct MultiNodeTests {
    static let tenants = 20
    static let sendersPerTenant = 2
    static let messagesPerConversation = 8

    /// Which node receives message `index` of conversation `conversation`: some
    /// conversations stay on one node, most alternate at every message.
    static func node(conversation: Int, message index: Int) -> Int {
        switch conversation % 4 {
        case 0: 0
        case 1: 1
        default: (conversation + index) % 2
        }
    }

    @Test("two nodes process every message once and in order, survive a kill -9 of one, and share a pause")
    func twoNodesShareTheWork() async throws {
        let uaz = try await FakeUAZServer.start()
        let redis = try await RedisTestServer.startPrivate()
        do {
            try await TemporaryPostgresDatabase.withEmpty { database in
                try await run(database: database.url, redis: redis.url, uaz: uaz)
            }
        } catch {
            await uaz.stop()
            try? await redis.stop()
            throw error
        }
        await uaz.stop()
        try await redis.stop()
    }

    private func environment(node: String, database: PostgresURL, redis: String) -> [String: String] {
        [
            "DATABASE_URL": database.connectionString, "REDIS_URL": redis, "FALACHEFE_NODE_ID": node,
            "FALACHEFE_CLAIM_LEASE_SECONDS": "3", "WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE": "100000",
        ]
    }

    private func run(database: PostgresURL, redis: String, uaz: FakeUAZServer) async throws {
        // Both nodes start (and migrate) at once: the migrator's lock lets one apply the schema.
        let processA = try ServerProcess(environment: environment(node: "node-a", database: database, redis: redis))
        let processB = try ServerProcess(environment: environment(node: "node-b", database: database, redis: redis))
        async let startedA = processA.start()
        async let startedB = processB.start()
        let nodes = [try await startedA, try await startedB]
        do {
            try await run(nodes: nodes, processA: processA, database: database, redis: redis, uaz: uaz)
        } catch {
            _ = await processB.terminate()
            throw error
        }
        _ = await processB.terminate()
    }

    private func run(
        nodes: [TestServer], processA: ServerProcess, database: PostgresURL, redis: String, uaz: FakeUAZServer
    ) async throws {
        var conversations: [(tenant: TestTenant, phone: String)] = []
        for index in 0..<Self.tenants {
            let tenant = try await nodes[index % 2].createTenant(
                slug: "multi-\(index)", owner: "5547000001\(String(format: "%02d", index))", baseURL: await uaz.baseURL)
            for sender in 0..<Self.sendersPerTenant {
                let phone = "551192\(String(format: "%02d", index))\(String(format: "%04d", sender))"
                try await nodes[(index + sender) % 2].addUser(tenant, name: "Pessoa \(sender)", phone: phone)
                conversations.append((tenant, phone))
            }
        }

        let ledger = try await ClusterLedger.open(database)
        do {
            try await spray(
                conversations: conversations, nodes: nodes, killing: processA, ledger: ledger, database: database,
                redis: redis, uaz: uaz)
        } catch {
            await ledger.close()
            throw error
        }
        await ledger.close()
    }

    /// Sends every conversation's messages over both nodes, kills node A mid-run, then checks
    /// the outcome and a pause across nodes.
    private func spray(
        conversations: [(tenant: TestTenant, phone: String)], nodes: [TestServer], killing processA: ServerProcess,
        ledger: ClusterLedger, database: PostgresURL, redis: String, uaz: FakeUAZServer
    ) async throws {
        let total = conversations.count * Self.messagesPerConversation
        let killAfter = total * 2 / 5
        let progress = Progress()
        let sent = try await withThrowingTaskGroup(of: [String].self) { group in
            for (number, conversation) in conversations.enumerated() {
                group.addTask {
                    var ids: [String] = []
                    for index in 0..<Self.messagesPerConversation {
                        let id = "MULTI-\(number)-\(index)"
                        let preferred = Self.node(conversation: number, message: index)
                        try await Self.deliver(
                            "gastei \(index + 1) reais no mercado", id: id, to: conversation.tenant, from: conversation.phone,
                            nodes: nodes, preferred: preferred, progress: progress)
                        ids.append("\(conversation.tenant.owner):\(id)")
                    }
                    return ids
                }
            }
            group.addTask {
                _ = try await eventually(timeout: .seconds(120), every: .milliseconds(5)) { await progress.acknowledged >= killAfter }
                await processA.kill()
                // A statement node A wrote just before dying still runs: its session ends
                // only once the server has read everything it was sent (a batch of
                // completions may commit then).
                #expect(try await eventually(timeout: .seconds(30), every: .milliseconds(20)) {
                    try await ledger.connections(of: "node-a") == 0
                })
                // What node A held when it died; node B must finish it once the claims expire.
                await progress.markKilled(holding: try await ledger.claimed(by: "node-a"))
                return []
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(sent.count == total)
        try await verify(
            ledger: ledger, sent: sent, orphaned: await progress.orphaned, conversations: conversations, uaz: uaz)
        try await pauseOnOneNodeStopsTheOther(
            database: database, redis: redis, nodeB: nodes[1], tenant: conversations[0].tenant,
            phone: conversations[0].phone, ledger: ledger)
    }

    /// Posts one webhook, to the preferred node while it lives, else to the other (as a load
    /// balancer retries): the same message id, so a message node A stored before dying is a
    /// duplicate at node B, never a second message.
    private static func deliver(
        _ text: String, id: String, to tenant: TestTenant, from phone: String, nodes: [TestServer], preferred: Int,
        progress: Progress
    ) async throws {
        for attempt in 0..<40 {
            let target = await progress.killed && preferred == 0 ? 1 : (attempt == 0 ? preferred : 1)
            let answer = try? await nodes[target].send(text, to: tenant, from: phone, messageID: id, timeout: .seconds(5))
            if let answer, answer.status == 200, let status = answer["status"] as? String, ["accepted", "duplicate"].contains(status) {
                await progress.acknowledge()
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestServerFailure(status: 0, body: "message \(id) was never acknowledged")
    }

    private func verify(
        ledger: ClusterLedger, sent: [String], orphaned: [String], conversations: [(tenant: TestTenant, phone: String)],
        uaz: FakeUAZServer
    ) async throws {
        #expect(!orphaned.isEmpty, "node A held claims on unfinished messages when it was killed")
        // node B takes node A's claims over once they expire (lease: 3 s).
        #expect(try await eventually(timeout: .seconds(60), every: .milliseconds(100)) { try await ledger.unfinished() == 0 })

        let messages = try await ledger.messages()
        #expect(messages.count == sent.count)
        #expect(Set(messages.map(\.messageID)) == Set(sent))
        for message in messages {
            #expect(message.status == "processed", "\(message.messageID) is \(message.status)")
            #expect(message.replyIDs.count == 1, "\(message.messageID) has \(message.replyIDs.count) replies")
        }
        let bookings = try await ledger.bookings()
        #expect(sent.allSatisfy { bookings[$0] == 1 }, "every message booked exactly once")

        // Order: within a conversation, sequences follow the order of sending and replies
        // were committed in that same order, whichever node took each message.
        let byConversation = Dictionary(grouping: messages) { "\($0.tenantID)/\($0.phone)" }
        #expect(byConversation.count == conversations.count)
        var crossed = 0
        for (_, lines) in byConversation {
            let ordered = lines.sorted { $0.sequence < $1.sequence }
            let indices = ordered.compactMap { Int($0.messageID.split(separator: "-").last ?? "") }
            #expect(indices == Array(0..<Self.messagesPerConversation), "messages stored out of order: \(indices)")
            let replies = ordered.compactMap(\.replyIDs.first)
            #expect(replies == replies.sorted(), "replies committed out of order")
            if Set(ordered.compactMap(\.claimedBy)).count > 1 { crossed += 1 }
        }
        #expect(crossed > 0, "some conversations were processed by both nodes")
        let processors = Set(messages.compactMap(\.claimedBy))
        #expect(processors.isSuperset(of: ["node-a", "node-b"]))
        for id in orphaned {
            #expect(messages.first { $0.messageID == id }?.claimedBy == "node-b", "\(id), claimed by the killed node, finished by B")
        }

        // Every reply reached UAZ: its outbox row is closed only after UAZ accepted it (a
        // reply node A sent just before dying may have gone twice).
        #expect(await uaz.sent().count >= messages.count)
    }

    private func pauseOnOneNodeStopsTheOther(
        database: PostgresURL, redis: String, nodeB: TestServer, tenant: TestTenant, phone: String, ledger: ClusterLedger
    ) async throws {
        let processA = try ServerProcess(environment: environment(node: "node-a2", database: database, redis: redis))
        try await processA.whileRunning { nodeA in
            #expect(try await nodeB.snapshot(tenant)["live"] as? Bool == true)

            #expect(try await nodeA.request(.POST, "/admin/tenants/\(tenant.slug)/pause", json: ["reason": "férias"]).status == 200)
            let heard = try await eventually(timeout: .seconds(1), every: .milliseconds(10)) {
                try await nodeB.snapshot(tenant)["status"] as? String == "paused"
            }
            #expect(heard, "node B learned of the pause within a second")
            let held = try await nodeB.send("gastei 99 reais no mercado", to: tenant, from: phone, messageID: "MULTI-PAUSED")
            #expect(held["status"] as? String == "queued")

            #expect(try await nodeA.request(.POST, "/admin/tenants/\(tenant.slug)/resume").status == 200)
            #expect(try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                try await ledger.messages().first { $0.messageID.hasSuffix("MULTI-PAUSED") }?.status == "processed"
            })
        }
    }
}

/// Acknowledged webhooks so far, and whether node A was killed holding which claims.
actor Progress {
    private(set) var acknowledged = 0
    private(set) var killed = false
    /// Messages node A held claims on when it was killed.
    private(set) var orphaned: [String] = []

    func acknowledge() { acknowledged += 1 }
    func markKilled(holding claims: [String]) {
        killed = true
        orphaned = claims
    }
}

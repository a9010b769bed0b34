import FalachefeCore
import FalachefeHTTP
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Logging
import NIOHTTP1
import Testing

/// The real binary killed with SIGKILL while webhooks pour in: every acknowledged message
/// is processed after restart, exactly once.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test("kill -9 mid-load loses no acknowledged message and processes none twice")
    func killNineLosesNothing() async throws {
        let uaz = try await FakeUAZServer.start()
        defer { Task { await uaz.stop() } }
        let database = TestServer.temporaryDatabase()
        let unlimited = ["WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE": "100000"]
        let first = try ServerProcess(databasePath: database, environment: unlimited)
        let server = try await first.start()
        let tenant = try await server.createTenant(slug: "crash", owner: "554700000001", baseURL: await uaz.baseURL)
        let senders = (0..<8).map { "55119100000\(10 + $0)" }
        for (index, phone) in senders.enumerated() { try await server.addUser(tenant, name: "Pessoa \(index)", phone: phone) }

        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, phone) in senders.enumerated() {
                group.addTask {
                    var mine: [String] = []
                    for round in 1...60 {
                        let id = "CRASH-\(index)-\(round)"
                        // A short timeout: after the kill, the client retries a refused connection until it.
                        guard let answer = try? await server.send(
                            "gastei \(round) reais no mercado", to: tenant, from: phone, messageID: id, timeout: .seconds(2))
                        else { break }
                        if answer.status == 200, answer["status"] as? String == "accepted" { mine.append("\(tenant.owner):\(id)") }
                    }
                    return mine
                }
            }
            group.addTask {
                _ = try await eventually(timeout: .seconds(60), every: .milliseconds(5)) { await uaz.sent().count >= 30 }
                await first.kill()
                return []
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(acknowledged.count >= 30)
        #expect(acknowledged.count < senders.count * 60, "the kill should interrupt the load")

        let second = try ServerProcess(databasePath: database, environment: unlimited)
        let restarted = try await second.start()
        let drained = try await eventually(timeout: .seconds(60)) {
            let snapshot = try await restarted.snapshot(tenant)
            return snapshot["backlog"] as? Int == 0 && snapshot["outboxPending"] as? Int == 0
        }
        #expect(drained)
        #expect(await second.terminate() == 0, "graceful shutdown exits 0")

        let store = try await SQLiteStore.open(path: database, logger: Logger(label: "crash-test"))
        try await expectBookedExactlyOnce(acknowledged, tenantID: tenant.id, in: store)
        for phone in senders {
            let lines = try await store.conversation(tenantID: tenant.id, phone: phone, limit: 1_000)
            let inbound = lines.filter { $0.direction == .inbound }
            let outbound = lines.filter { $0.direction == .outbound }
            #expect(inbound.allSatisfy { $0.status == "processed" })
            #expect(outbound.count == inbound.count, "one reply per processed message for \(phone)")
        }
        try await store.close()
    }
}

import FalachefeTestSupport
import Foundation
import NIOCore
import Testing

/// The real binary runs Swift Concurrency on NIO's event loops (`EventLoopConcurrency`),
/// and still serves a message end to end with it on or, through the switch, off.
@Suite("Event loop executor", .serialized)
struct EventLoopExecutorTests {
    @Test("serve runs tasks on the event loops by default and on Swift's own pool with FALACHEFE_EVENT_LOOP_EXECUTOR=0",
          arguments: [(nil, "event_loops"), ("0", "default")] as [(String?, String)])
    func executorFollowsTheSwitch(setting: String?, expected: String) async throws {
        let uaz = try await FakeUAZServer.start()
        defer { Task { await uaz.stop() } }
        var environment: [String: String] = [:]
        if let setting { environment["FALACHEFE_EVENT_LOOP_EXECUTOR"] = setting }
        let process = try ServerProcess(databasePath: TestServer.temporaryDatabase(), environment: environment)
        try await process.whileRunning { server in
            let log = try String(contentsOf: process.logFile, encoding: .utf8)
            #expect(log.contains("executor=\(expected)"), "\(log)")
            #expect(log.contains("event_loops=\(System.coreCount)"), "\(log)")

            let tenant = try await server.createTenant(slug: "loops", owner: "554700000001", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "Ana", phone: "5511900000001")
            let answer = try await server.send("gastei 12 reais no almoço", to: tenant, from: "5511900000001", messageID: "LOOPS-1")
            #expect(answer.status == 200)
            #expect(try await eventually(timeout: .seconds(20)) { await uaz.sent().count == 1 })
            #expect(await uaz.sent().first?.text.hasPrefix("Anotado: despesa de R$ 12,00") == true)
        }
    }

    @Test("FALACHEFE_EVENT_LOOPS=1 runs the server on one event loop, and it still answers end to end")
    func oneLoopServes() async throws {
        let uaz = try await FakeUAZServer.start()
        defer { Task { await uaz.stop() } }
        let process = try ServerProcess(
            databasePath: TestServer.temporaryDatabase(), environment: ["FALACHEFE_EVENT_LOOPS": "1"])
        try await process.whileRunning { server in
            let log = try String(contentsOf: process.logFile, encoding: .utf8)
            #expect(log.contains("event_loops=1"), "\(log)")
            let tenant = try await server.createTenant(slug: "one-loop", owner: "554700000002", baseURL: await uaz.baseURL)
            try await server.addUser(tenant, name: "Ana", phone: "5511900000002")
            let answer = try await server.send("recebi 30 reais", to: tenant, from: "5511900000002", messageID: "ONE-LOOP-1")
            #expect(answer.status == 200)
            #expect(try await eventually(timeout: .seconds(20)) { await uaz.sent().count == 1 })
        }
    }

    @Test("a bad FALACHEFE_EVENT_LOOPS stops the binary before it starts anything, naming the variable")
    func badLoopCountIsRefused() async throws {
        let binary = try #require(ServerProcess.binary)
        let database = TestServer.temporaryDatabase()
        let refused = try await ChildProcess.run(
            binary, ["serve", "--port", "0", "--sqlite-path", database], environment: ["FALACHEFE_EVENT_LOOPS": "zero"])
        #expect(refused.status == 64)
        #expect(refused.output.contains("FALACHEFE_EVENT_LOOPS: must be a whole number in 1...256"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: database))
    }
}

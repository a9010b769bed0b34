import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// The store on a PostgreSQL that crashes (`pg_ctl -m immediate`) and comes back: calls
/// during the outage fail with `unavailable` instead of hanging, no call is left waiting
/// forever on a connection that died under it, and the store serves again once the server
/// is back.
@Suite("PostgresStore restart", .serialized)
struct PostgresStoreRestartTests {
    @Test("the store fails calls while PostgreSQL is down and serves again when it is back")
    func storeRecoversAfterRestart() async throws {
        try await withRestartableStore(database: "falachefe_store_restart") { server, store, tenant in
            for index in 0..<8 {
                _ = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "before-\(index)"))
            }
            try await server.down()
            await #expect(throws: StoreError.self) {
                _ = try await store.accept(StoreContract.message(tenant, id: "during"), status: .pending)
            }
            await #expect(throws: StoreError.self) { try await store.ping() }
            try await server.up()
            let back = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
                (try? await store.ping()) != nil
            }
            #expect(back, "the store answers again after the restart")
            for index in 0..<8 {
                _ = try await StoreContract.acceptNew(store, StoreContract.message(tenant, id: "after-\(index)"))
            }
            #expect(try await store.pendingCount(tenantID: tenant.id) == 16, "every message committed before the crash is kept")
        }
    }

    @Test("calls in flight when PostgreSQL crashes all come back, and every caller makes progress after the restart")
    func concurrentCallsSurviveCrash() async throws {
        try await withRestartableStore(database: "falachefe_store_crash") { server, store, tenant in
            let progress = Progress()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var round = 0
                        while await !progress.stopped {
                            round += 1
                            let phone = "55119000000\(10 + worker)"
                            do {
                                _ = try await store.accept(StoreContract.message(tenant, id: "w\(worker)-\(round)", phone: phone), status: .pending)
                                _ = try await store.pendingCount(tenantID: tenant.id)
                                _ = try await store.claimInbox(
                                    tenantID: tenant.id, node: "node-\(worker)", limit: 2, now: Date(), until: Date().addingTimeInterval(30),
                                    excluding: [])
                                await progress.succeeded(worker)
                            } catch {
                                await progress.failed(error)
                            }
                        }
                    }
                }
                _ = try await eventually(timeout: .seconds(30)) { await progress.roundsOfSlowest(6) >= 3 }
                try await server.down()
                let refused = try await eventually(timeout: .seconds(30)) { await progress.failures >= 6 }
                #expect(refused, "calls during the outage fail")
                try await server.up()
                await progress.restart()
                let resumed = try await eventually(timeout: .seconds(60), every: .milliseconds(50)) {
                    await progress.roundsOfSlowest(6) >= 3
                }
                #expect(resumed, "every worker completes rounds again after the restart")
                await progress.stop()
                try await group.waitForAll()
            }
            let unexpected = await progress.unexpected
            #expect(unexpected.isEmpty, "failures are StoreErrors: \(unexpected)")
        }
    }

    /// Starts a durable server of the test's own with a store on `database` (1 s
    /// connection wait) and a company, runs `body`, then closes and deletes everything.
    private func withRestartableStore(
        database: String, _ body: (PostgresTestServer, PostgresStore, Tenant) async throws -> Void
    ) async throws {
        let server = try await PostgresTestServer.start()
        do {
            _ = try await TemporaryPostgresDatabase.admin(server.url) {
                try await $0.query("CREATE DATABASE \(unescaped: database)", logger: TemporaryPostgresDatabase.logger)
            }
            let store = try await PostgresStore.connect(
                url: server.url.with(database: database), migrationsDirectory: TemporaryPostgresDatabase.migrations,
                maximumConnections: 4, connectionWaitTimeout: .seconds(1), logger: TemporaryPostgresDatabase.logger)
            do {
                try await body(server, store, try await StoreContract.makeTenant(store))
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }
}

/// What the workers of `concurrentCallsSurviveCrash` got done.
private actor Progress {
    private var rounds: [Int: Int] = [:]
    private(set) var failures = 0
    private(set) var unexpected: [String] = []
    private(set) var stopped = false

    func succeeded(_ worker: Int) { rounds[worker, default: 0] += 1 }

    func failed(_ error: any Error) {
        failures += 1
        if !(error is StoreError) { unexpected.append(String(reflecting: error)) }
    }

    /// The rounds of the worker that completed fewest, of `workers`.
    func roundsOfSlowest(_ workers: Int) -> Int { (0..<workers).map { rounds[$0] ?? 0 }.min() ?? 0 }

    /// Counts rounds afresh (after the restart).
    func restart() { rounds = [:] }

    func stop() { stopped = true }
}

import FalachefeCore
import FalachefeTestSupport
import Foundation
import Logging
import SQLiteNIO
import Testing

@testable import FalachefeSQLite

/// Behaviour specific to the SQLite adapter: pragmas, default crew, conversation rows,
/// group commit and failure isolation inside a batch.
@Suite("SQLiteStore")
struct SQLiteStoreTests {
    @Test(arguments: [(Durability.processCrash, 1), (Durability.osCrash, 2)])
    func walModeAndDurability(durability: Durability, synchronous: Int) async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open(durability: durability)
        let pragmas = try await store.write { connection in
            let mode = try connection.query("PRAGMA journal_mode").first?.text("journal_mode")
            let sync = try connection.query("PRAGMA synchronous").first?.int("synchronous")
            let keys = try connection.query("PRAGMA foreign_keys").first?.int("foreign_keys")
            let busy = try connection.query("PRAGMA busy_timeout").first?.int("timeout")
            return [mode ?? "", "\(sync ?? -1)", "\(keys ?? -1)", "\(busy ?? -1)"]
        }
        #expect(pragmas == ["wal", "\(synchronous)", "1", "\(SQLiteStore.busyTimeoutMilliseconds)"])
        let readerMode = try await store.read("PRAGMA journal_mode", []) { try $0.text("journal_mode") }
        #expect(readerMode == ["wal"])
        try await store.close()
    }

    /// A kept statement is not parsed and planned again when a value it was planned with
    /// (here a LIMIT) gets another value: SQLite's query planner stability guarantee is on.
    @Test func keptStatementsKeepTheirPlanWhateverIsBound() async throws {
        try await TemporaryStore.with { store in
            let reprepares = try await store.write { connection in
                for limit in 1...3 {
                    try connection.execute("SELECT id FROM companies ORDER BY id LIMIT ?", [.int(limit)])
                }
                return connection.reprepares
            }
            #expect(reprepares == 0)
        }
    }

    /// Pending work is found through the partial index of pending rows, not by scanning the
    /// inbox, which holds every processed message too.
    @Test(arguments: [
        (SQLiteStore.PendingSQL.inbox, [SQLiteData.text("t"), .int(10)]),
        (SQLiteStore.PendingSQL.count, [.text("t")]),
        (SQLiteStore.PendingSQL.tenants, []),
    ])
    func pendingQueriesUseThePendingIndex(query: String, binds: [SQLiteData]) async throws {
        try await TemporaryStore.with { store in
            let plan = try await store.read("EXPLAIN QUERY PLAN " + query, binds) { try $0.text("detail") }
            #expect(plan.contains { $0.contains("idx_inbox_pending") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN inbox") || $0.hasPrefix("SCAN i") }, "\(plan)")
        }
    }

    /// The writer keeps a larger page cache than the readers (pages it wrote seconds ago
    /// are read again when their messages are closed).
    @Test func writerHasTheLargerPageCache() async throws {
        try await TemporaryStore.with { store in
            let pages = try await store.write { connection in
                try connection.query("PRAGMA cache_size").first?.int("cache_size")
            }
            #expect(pages == -SQLiteStore.writerCacheKibibytes)
            #expect(SQLiteStore.writerCacheKibibytes > SQLiteStore.cacheKibibytes)
        }
    }

    @Test func createTenantWritesDefaultCrew() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let crews = try await store.read("SELECT id, name FROM crews WHERE company_id = ?", [.text(tenant.id)]) {
                try $0.text("name")
            }
            #expect(crews == ["Falachefe Crew"])
            let agents = try await store.read(
                """
                SELECT a.role, a.goal, a.backstory, json_array_length(a.tools) AS tools, a.status
                FROM crew_agents a JOIN crews c ON c.id = a.crew_id WHERE c.company_id = ? ORDER BY a.role
                """,
                [.text(tenant.id)]
            ) { row in
                (role: try row.text("role"), goal: try row.text("goal"), backstory: try row.text("backstory"),
                 tools: try row.int("tools"), status: try row.text("status"))
            }
            #expect(agents.map(\.role) == ["financial", "hr", "marketing", "orchestrator", "support"])
            #expect(agents.allSatisfy { $0.goal.count >= 10 && !$0.backstory.isEmpty && $0.status == "active" })
            let tools = Dictionary(uniqueKeysWithValues: CrewAgentProfile.defaults.map { ($0.role.rawValue, $0.tools.count) })
            #expect(agents.allSatisfy { tools[$0.role] == $0.tools })
        }
    }

    @Test func completeTracksAgentAndHandoffs() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let user = CompanyUser(tenantID: tenant.id, name: "João", phone: "5511987654321", role: .admin)
            try await store.addUser(user)
            try await StoreContract.reply(store, tenant, id: "h1", phone: "551187654321", texts: ["oi"], agent: "orchestrator")
            try await StoreContract.reply(store, tenant, id: "h2", texts: ["ok"], agent: "financial")
            try await StoreContract.reply(store, tenant, id: "h3", texts: ["ok"], agent: "financial")
            let rows = try await store.read(
                """
                SELECT user_id, current_agent, json_array_length(handoff_history) AS handoffs,
                       handoff_history ->> '$[0].to' AS first_to
                FROM conversations WHERE company_id = ?
                """,
                [.text(tenant.id)]
            ) { row in
                [row.optionalText("user_id"), row.optionalText("current_agent"), "\(try row.int("handoffs"))",
                 row.optionalText("first_to")]
            }
            #expect(rows == [[user.id, "financial", "1", "financial"]])
        }
    }

    @Test func groupCommitBatchesConcurrentAccepts() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let total = 4_000
            let before = await store.writer.acceptBatches
            let started = ContinuousClock.now
            let stored = try await withThrowingTaskGroup(of: Int.self) { group in
                for producer in 0..<200 {
                    group.addTask {
                        var count = 0
                        for index in stride(from: producer, to: total, by: 200) {
                            let message = StoreContract.message(tenant, id: "g\(index)", text: "mensagem \(index)")
                            if case .stored = try await store.accept(message, status: .pending) { count += 1 }
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = ContinuousClock.now - started
            let batches = await store.writer.acceptBatches - before
            #expect(stored == total)
            #expect(try await store.pendingCount(tenantID: tenant.id) == total)
            #expect(batches < total / 4, "\(batches) batches for \(total) accepts")
            TemporaryStore.logger.info("group commit", metadata: [
                "accepts": "\(total)", "batches": "\(batches)", "elapsed": "\(elapsed)",
            ])
        }
    }

    @Test func badRowFailsAloneInsideABatch() async throws {
        try await TemporaryStore.with { store in
            let tenant = try await StoreContract.makeTenant(store)
            let ghost = Tenant(slug: "fantasma", name: "Fantasma")
            let results = await withTaskGroup(of: (Bool, Result<AcceptResult, any Error>).self) { group in
                for index in 0..<100 {
                    let owner = index == 50 ? ghost : tenant
                    group.addTask {
                        do {
                            return (index == 50, .success(try await store.accept(
                                StoreContract.message(owner, id: "b\(index)"), status: .pending)))
                        } catch {
                            return (index == 50, .failure(error))
                        }
                    }
                }
                return await group.reduce(into: [(Bool, Result<AcceptResult, any Error>)]()) { $0.append($1) }
            }
            for (isGhost, result) in results {
                switch result {
                case .success(let accepted):
                    #expect(!isGhost, "a message for an unknown tenant was stored")
                    #expect(accepted != .duplicate)
                case .failure(let error):
                    #expect(isGhost, "a good message failed: \(error)")
                    #expect(error is StoreError)
                }
            }
            #expect(try await store.pendingCount(tenantID: tenant.id) == 99)
        }
    }

    @Test func unknownTenantAndClosedStore() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        await StoreContract.expectStoreError("unknown tenant", matches: {
            if case .notFound = $0 { return true }
            return false
        }) {
            try await store.addUser(CompanyUser(tenantID: "nope", name: "X", phone: "5511987654321", role: .user))
        }
        try await store.close()
        try await store.close()
        await StoreContract.expectStoreError("closed store", matches: {
            if case .unavailable = $0 { return true }
            return false
        }) {
            _ = try await store.accept(
                InboundMessage(tenantID: "t", messageID: "m", senderPhone: "5511987654321", text: "oi",
                               sentAt: Date(), receivedAt: Date()), status: .pending)
        }
        await StoreContract.expectStoreError("closed store", matches: { _ in true }) {
            try await store.ping()
        }
    }

    @Test("closing from a cancelled task still closes every connection: the WAL is merged and removed")
    func closeFinishesWhenCancelled() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        _ = try await StoreContract.makeTenant(store)
        let wal = temporary.path + "-wal"
        #expect(FileManager.default.fileExists(atPath: wal))
        let closing = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await store.close()
        }
        try await closing.value
        #expect(!FileManager.default.fileExists(atPath: wal), "the last connection closed, so SQLite merged the WAL")
    }
}


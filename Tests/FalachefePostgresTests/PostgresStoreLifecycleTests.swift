import FalachefeCore
import FalachefeTestSupport
import Foundation
import Testing

@testable import FalachefePostgres

/// How the store runs and stops, and how server errors reach callers.
@Suite("PostgresStore lifecycle")
struct PostgresStoreLifecycleTests {
    private static func isUnavailable(_ error: StoreError) -> Bool {
        if case .unavailable = error { return true }
        return false
    }

    @Test func unknownTenantAndClosedStore() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let store = try await database.open()
            await StoreContract.expectStoreError("unknown tenant", matches: {
                if case .notFound = $0 { return true }
                return false
            }) {
                try await store.addUser(CompanyUser(tenantID: "nope", name: "X", phone: "5511987654321", role: .user))
            }
            let ghost = Tenant(slug: "fantasma", name: "Fantasma")
            await StoreContract.expectStoreError("message of an unknown tenant", matches: Self.isUnavailable) {
                _ = try await store.accept(StoreContract.message(ghost, id: "g1"), status: .pending)
            }
            await store.close()
            await store.close()
            await StoreContract.expectStoreError("closed store", matches: Self.isUnavailable) {
                _ = try await store.accept(StoreContract.message(ghost, id: "g2"), status: .pending)
            }
            await StoreContract.expectStoreError("closed store", matches: Self.isUnavailable) { try await store.ping() }
            await StoreContract.expectStoreError("closed store runs again", matches: Self.isUnavailable) {
                try await store.run()
            }
        }
    }

    /// An idle store (made with `init`) runs its pool inside `run()`, as a `ServiceGroup`
    /// would, and stops when that task is cancelled.
    @Test func idleStoreRunsItsPoolInsideRun() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let store = PostgresStore(
                url: database.url, migrationsDirectory: TemporaryPostgresDatabase.migrations, maximumConnections: 2,
                logger: TemporaryPostgresDatabase.logger
            )
            #expect(try await store.migrate().count >= 4, "every shipped migration applied")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                let tenant = try await StoreContract.makeTenant(store)
                #expect(try await store.tenant(id: tenant.id) == tenant)
                await StoreContract.expectStoreError("second run", matches: Self.isUnavailable) { try await store.run() }
                group.cancelAll()
                try await group.waitForAll()
            }
            await StoreContract.expectStoreError("stopped store", matches: Self.isUnavailable) { try await store.ping() }
        }
    }

    /// The URL in logs and errors never shows the password.
    @Test func connectionFailureHidesThePassword() async throws {
        let server = try TemporaryPostgresDatabase.serverURL()
        var wrong = server
        wrong.password = "not-the-password-\(UUID().uuidString)"
        do {
            _ = try await PostgresStore.connect(url: wrong, logger: TemporaryPostgresDatabase.logger)
            Issue.record("connected with a wrong password")
        } catch let error as StoreError {
            #expect(!"\(error)".contains(wrong.password ?? "?"))
            #expect(!"\(error)".contains(server.password ?? "?"))
        }
        #expect(!"\(wrong)".contains(wrong.password ?? "?"))
    }
}

import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// Webhook intake has connections of its own: an accept is answered while processing holds
/// every connection of the store's pool (it used to queue behind them).
@Suite("PostgresStore intake pool")
struct PostgresIntakePoolTests {
    @Test func acceptsAreStoredWhileProcessingHoldsEveryPooledConnection() async throws {
        try await TemporaryPostgresDatabase.withEmpty { database in
            let store = try await PostgresStore.connect(
                url: database.url, migrationsDirectory: TemporaryPostgresDatabase.migrations, maximumConnections: 1,
                connectionWaitTimeout: .seconds(5), logger: TemporaryPostgresDatabase.logger)
            let tenant = try await StoreContract.makeTenant(store)
            let (holding, holdingStarted) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseNow) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await store.transaction(in: .tenant(tenant.id)) { _ in
                    holdingStarted.yield()
                    for await _ in release {}
                }
            }
            var started = holding.makeAsyncIterator()
            _ = await started.next()

            let result = try await store.accept(StoreContract.message(tenant, id: "while-held"), status: .pending)
            releaseNow.finish()
            try await holder.value
            guard case .stored = result else {
                Issue.record("accept answered \(result) while the pool was held")
                await store.close()
                return
            }
            #expect(try await store.pendingInbox(tenantID: tenant.id, limit: 10).map(\.message.messageID) == ["while-held"])
            await store.close()
        }
    }
}

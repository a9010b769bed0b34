@testable import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// A registry on a real SQLite store seen through an `OutageStore` (which can fail calls
/// and counts them), a scripted gateway and model, and a manual clock.
enum OutageHarness {
    typealias Services = FalachefeCore.Services<OutageStore<SQLiteStore>, ScriptedGateway, ScriptedModel, ManualClock>

    static func run(
        _ body: (OutageStore<SQLiteStore>, TenantRegistry<Services>, ScriptedGateway, ManualClock) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-outage-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await SQLiteStore.open(
            path: directory.appendingPathComponent("falachefe.sqlite").path, migrationsDirectory: RuntimeHarness.migrations,
            logger: RuntimeHarness.logger)
        let store = OutageStore(sqlite)
        let (gateway, clock) = (ScriptedGateway(), ManualClock())
        let services = FalachefeCore.Services(
            store: store, gateway: gateway, model: ScriptedModel(), clock: clock, llm: nil, metrics: RuntimeMetrics(),
            configuration: RuntimeHarness.configuration(), logger: RuntimeHarness.logger)
        let registry = TenantRegistry(services: services, jitter: { 1 })
        let runner = Task { await registry.run() }
        do {
            try await body(store, registry, gateway, clock)
        } catch {
            registry.shutdown()
            runner.cancel()
            await runner.value
            try? await sqlite.close()
            throw error
        }
        registry.shutdown()
        runner.cancel()
        await runner.value
        try await sqlite.close()
    }

    static func setUp(
        _ store: OutageStore<SQLiteStore>, _ registry: TenantRegistry<Services>
    ) async throws -> (tenantID: String, phone: String) {
        let tenant = Tenant(slug: "mercearia", name: "Mercearia", createdAt: Date(timeIntervalSince1970: 1_795_000_000))
        let instance = Instance(tenantID: tenant.id, owner: "554700000077", token: "token-mercearia", baseURL: "http://127.0.0.1:9")
        try await store.base.createTenant(tenant, instance: instance)
        let phone = "5511966665555"
        try await store.base.addUser(CompanyUser(tenantID: tenant.id, name: "Dona", phone: phone, role: .admin))
        await registry.tenantChanged(tenant.id)
        return (tenant.id, phone)
    }

    static func deliver(
        _ text: String, id: String, _ tenantID: String, _ phone: String, _ registry: TenantRegistry<Services>,
        _ clock: ManualClock
    ) async throws {
        let now = clock.now()
        let message = InboundMessage(
            tenantID: tenantID, messageID: id, senderPhone: phone, text: text, sentAt: now, receivedAt: now)
        #expect(try await registry.receive(message, isGroup: false) == .accepted)
    }
}

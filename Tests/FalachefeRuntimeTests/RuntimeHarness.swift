import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Logging
import Testing

typealias TestServices = Services<SQLiteStore, ScriptedGateway, ScriptedModel, ManualClock>
typealias TestRegistry = TenantRegistry<TestServices>

/// A registry on a real SQLite file with a manual clock, a scripted gateway and the
/// built-in model (through `ScriptedModel`). Time only moves when a test advances the clock
/// and calls `tick()` / `sweep()`; the registry's own timer is set to an hour.
struct RuntimeHarness {
    static let migrations = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("db/migrations/sqlite", isDirectory: true)
    static let logger = Logger(label: "falachefe.runtime.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    let path: String
    let store: SQLiteStore
    let gateway: ScriptedGateway
    let model: ScriptedModel
    let clock: ManualClock
    let configuration: RuntimeConfiguration
    let registry: TestRegistry

    /// The default test configuration: timers effectively off, generous sender limits.
    static func configuration(_ adjust: (inout RuntimeConfiguration) -> Void = { _ in }) -> RuntimeConfiguration {
        var configuration = RuntimeConfiguration()
        configuration.tickInterval = 3_600
        configuration.sweepInterval = 3_600
        configuration.senderMessagesPerMinute = 1_000
        adjust(&configuration)
        return configuration
    }

    /// A registry over the database at `path` (opened and migrated).
    static func open(
        path: String, configuration: RuntimeConfiguration, gateway: ScriptedGateway = ScriptedGateway(),
        model: ScriptedModel = ScriptedModel(), clock: ManualClock = ManualClock(), llm: LLMSetup? = nil
    ) async throws -> RuntimeHarness {
        let store = try await SQLiteStore.open(path: path, migrationsDirectory: migrations, logger: logger)
        let services = Services(
            store: store, gateway: gateway, model: model, clock: clock, llm: llm, metrics: RuntimeMetrics(),
            configuration: configuration, logger: logger)
        let registry = TenantRegistry(services: services, jitter: { 1 })
        return RuntimeHarness(
            path: path, store: store, gateway: gateway, model: model, clock: clock,
            configuration: configuration, registry: registry)
    }

    /// Runs `body` with a fresh database and a running registry; shuts everything down after.
    static func with(
        configuration: RuntimeConfiguration = configuration(), model: ScriptedModel = ScriptedModel(), llm: LLMSetup? = nil,
        _ body: (RuntimeHarness) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("falachefe-runtime-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let harness = try await open(
            path: directory.appendingPathComponent("falachefe.sqlite").path, configuration: configuration, model: model, llm: llm)
        try await harness.running(body)
    }

    /// Runs the registry's job loop around `body`, then shuts down and closes the store.
    func running(_ body: (RuntimeHarness) async throws -> Void) async throws {
        let registry = self.registry
        let runner = Task { await registry.run() }
        do {
            try await body(self)
        } catch {
            await stop(runner)
            throw error
        }
        await stop(runner)
    }

    private func stop(_ runner: Task<Void, Never>) async {
        registry.shutdown()
        // `run()` also waits for its timer child, which sleeps `tickInterval`: cancel it.
        runner.cancel()
        await runner.value
        try? await store.close()
    }

    // MARK: Fixtures

    /// Creates an active company with its instance; returns its id.
    func createTenant(_ slug: String, owner: String) async throws -> String {
        let tenant = Tenant(slug: slug, name: "Empresa \(slug)", createdAt: clock.now())
        let instance = Instance(tenantID: tenant.id, owner: owner, token: "token-\(slug)", baseURL: "http://127.0.0.1:9")
        try await store.createTenant(tenant, instance: instance)
        return tenant.id
    }

    /// Registers `phone` as a user of the tenant, so its messages reach the crew.
    func addUser(_ tenantID: String, phone: String) async throws {
        try await store.addUser(CompanyUser(tenantID: tenantID, name: "User \(phone.suffix(4))", phone: phone, role: .user))
        await registry.tenantChanged(tenantID)
    }

    /// What the webhook does once authenticated: `registry.receive` (admit, store, schedule).
    @discardableResult
    func deliver(_ tenantID: String, from phone: String, _ text: String, id: String? = nil) async throws -> IntakeResult {
        let now = clock.now()
        let message = InboundMessage(
            tenantID: tenantID, messageID: id ?? "wamid-\(UUID().uuidString)", senderPhone: phone, text: text,
            sentAt: now, receivedAt: now)
        return try await registry.receive(message, isGroup: false)
    }

    /// Polls until `count` replies were sent (to `phone`, when given); false after `timeout`.
    /// The deadline is generous: the suite starts hundreds of tests at once on two cores,
    /// and a slow start only delays the answer, which comes as soon as the replies are there.
    func waitForSent(_ count: Int, to phone: String? = nil, timeout: Duration = .seconds(60)) async throws -> Bool {
        let gateway = self.gateway
        return try await eventually(timeout: timeout) {
            let sent = if let phone { await gateway.sent(to: phone) } else { await gateway.sent() }
            return sent.count >= count
        }
    }
}

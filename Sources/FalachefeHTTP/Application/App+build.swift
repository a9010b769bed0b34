import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefePostgres
import FalachefeRedis
import FalachefeSQLite
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Builds the server on the built-in language model.
public func buildApplication(
    configuration: AppConfiguration, logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    try await buildApplication(
        configuration: configuration, model: BuiltinLanguageModel(), logger: logger, onServerRunning: onServerRunning)
}

/// Builds the whole server: store (migrated), HTTP client and UAZ gateway, tenant registry,
/// metrics actor and routes, with the long-lived parts as services of the application's
/// service group (store and client close last, after the registry finished its work).
public func buildApplication<Model: LanguageModel>(
    configuration: AppConfiguration, model: Model, logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    if let url = configuration.databaseURL {
        // The store is a service: the group runs its pool and, shutting down in reverse
        // order, closes it after the registry finished its work.
        let store = PostgresStore(
            url: url, maximumConnections: configuration.databasePoolSize, connectionWaitTimeout: configuration.databaseConnectionWait,
            applicationName: "falachefe \(configuration.runtime.nodeID)", logger: logger)
        _ = try await store.migrate()
        return assembleApplication(
            store: store, storeServices: [store], configuration: configuration, model: model, logger: logger,
            onServerRunning: onServerRunning)
    }
    let store = try await SQLiteStore.open(
        path: configuration.sqlitePath, migrationsDirectory: configuration.migrationsDirectory.map { URL(fileURLWithPath: $0) },
        durability: configuration.durability == "os" ? .osCrash : .processCrash, logger: logger)
    return assembleApplication(
        store: store, storeServices: [ClosingService(name: "store") { try await store.close() }],
        configuration: configuration, model: model, logger: logger, onServerRunning: onServerRunning)
}

/// The server around an open store; `storeServices` run it and close it last.
func assembleApplication<S: Store, Model: LanguageModel>(
    store: S, storeServices: [any Service], configuration: AppConfiguration, model: Model, logger: Logger,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void
) -> Application<RouterResponder<AppRequestContext>> {
    var clientConfiguration = HTTPClient.Configuration()
    clientConfiguration.timeout = .init(connect: .seconds(5), read: .seconds(15))
    // The LLM and UAZ calls of every company share this client: AsyncHTTPClient's default of
    // 8 connections per host would queue model calls behind each other (bulkhead × tenants).
    clientConfiguration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
    let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
    var runtime = configuration.runtime
    runtime.defaultUAZBaseURL = configuration.uazAPIURL
    let llm = configuration.llm.map { llm in
        LLMSetup(
            client: OpenAIChatClient(
                httpClient: httpClient, baseURL: llm.baseURL, apiKey: llm.apiKey, fallbackModel: llm.fallbackModel, logger: logger),
            defaultModel: llm.model, pricing: llm.pricing, maxIterations: llm.maxIterations, taskTimeout: llm.taskTimeout)
    }
    let runtimeMetrics = RuntimeMetrics()
    // Started before the registry and stopped after it (service group order).
    let coordinator = configuration.redisURL.map { url in
        RedisCoordinator(configuration: RedisConfiguration(url: url), logger: logger) { operation in
            runtimeMetrics.coordinatorFallback(operation: operation)
        }
    }
    let services = Services(
        store: store, gateway: UAZGateway(httpClient: httpClient, logger: logger), model: model, clock: SystemClock(),
        llm: llm, metrics: runtimeMetrics, coordinator: coordinator, configuration: runtime, logger: logger)
    let registry = TenantRegistry(services: services)
    let registryService = RegistryService(registry: registry)
    var coordinatorUp: (@Sendable () async -> Bool)?
    if let coordinator { coordinatorUp = { await coordinator.isAvailable() } }
    let metrics = MetricsActor(metrics: services.metrics, coordinatorUp: coordinatorUp) { await registry.liveGauges() }

    var lifecycle: [any Service] = storeServices
    lifecycle.append(ClosingService(name: "http-client") { try await httpClient.shutdown() })
    if let coordinator { lifecycle.append(coordinator) }
    lifecycle.append(registryService)
    if configuration.memoryTrimInterval > 0 {
        lifecycle.append(MemoryTrimService(interval: .seconds(configuration.memoryTrimInterval)))
    }

    let router = Router(context: AppRequestContext.self)
    WebhookController(registry: registry, services: services).addRoutes(to: router)
    OperatorController(metrics: metrics, services: services, registryRunning: { registryService.isRunning })
        .addRoutes(to: router)
    let admin = router.group("admin").add(middleware: AdminAuthMiddleware<Services<S, UAZGateway, Model, SystemClock>>(
        superadminToken: configuration.adminToken, store: store))
    AdminController(registry: registry, services: services, selectableModels: configuration.llm?.selectableModels ?? [])
        .addRoutes(to: admin)

    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "falachefe"),
        services: lifecycle,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}

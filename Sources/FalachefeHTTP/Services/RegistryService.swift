import FalachefeCore
import ServiceLifecycle
import Synchronization

/// Runs the tenant registry inside the service group: replays pending work at start, runs
/// tenant jobs, and on graceful shutdown stops taking work and lets in-flight messages
/// finish (everything else stays in the durable inbox and outbox).
final class RegistryService<Services: RuntimeServices>: Service {
    let registry: TenantRegistry<Services>
    private let running = Atomic<Bool>(false)

    init(registry: TenantRegistry<Services>) {
        self.registry = registry
    }

    var isRunning: Bool { running.load(ordering: .relaxed) }

    func run() async throws {
        try await registry.start()
        running.store(true, ordering: .relaxed)
        defer { running.store(false, ordering: .relaxed) }
        let registry = self.registry
        await withGracefulShutdownHandler {
            await registry.run()
        } onGracefulShutdown: {
            registry.shutdown()
        }
    }
}

import FalachefeTestSupport
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import FalachefeHTTP

/// The service that hands freed heap memory back: it trims on its period while the group
/// runs and stops at graceful shutdown.
@Suite("Memory trim service")
struct MemoryTrimServiceTests {
    @Test("trims on its period until the group shuts down, then stops")
    func trimsUntilShutdown() async throws {
        let trims = Atomic<Int>(0)
        let service = MemoryTrimService(interval: .milliseconds(10)) { trims.add(1, ordering: .relaxed) }
        let group = ServiceGroup(configuration: .init(
            services: [service], gracefulShutdownSignals: [], logger: Logger(label: "trim-test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // A generous deadline: at the start of the whole suite, hundreds of tests share two
            // cores and a 10 ms sleep can take seconds to come back.
            #expect(try await eventually(timeout: .seconds(60), every: .milliseconds(5)) {
                trims.load(ordering: .relaxed) >= 3
            })
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let afterShutdown = trims.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(trims.load(ordering: .relaxed) == afterShutdown, "no trim after the service stopped")
    }

    #if os(Linux)
    @Test("on Linux the allocator's trim is found and callable")
    func mallocTrimIsFound() {
        #expect(GlibcMalloc.isAvailable)
        GlibcMalloc.trim()
    }
    #endif
}

import ServiceLifecycle

/// Keeps a resource open while the service group runs and closes it at shutdown, after
/// the services that use it (the group stops services in reverse order).
struct ClosingService: Service {
    let name: String
    let close: @Sendable () async throws -> Void

    func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }
}

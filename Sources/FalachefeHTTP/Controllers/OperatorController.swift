import FalachefeCore
import Logging
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /metrics` (Prometheus text 0.0.4), `GET /health` (liveness) and
/// `GET /health/ready` (store reachable, registry running, Redis reachable when configured).
struct OperatorController<Services: RuntimeServices> {
    let metrics: MetricsActor
    let services: Services
    let registryRunning: @Sendable () -> Bool

    struct Health: Encodable {
        var status: String
        var checks: [String: String]
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { _, _ in
            let bytes = await metrics.render()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/health") { _, _ in
            try JSONResponse.make(Health(status: "ok", checks: [:]))
        }
        router.get("/health/ready") { _, context in
            var checks: [String: String] = [:]
            do {
                try await services.store.ping()
                checks["store"] = "ok"
            } catch {
                context.logger.warning("readiness: store unreachable", metadata: ["error": "\(error)"])
                checks["store"] = "unreachable"
            }
            if let coordinator = services.coordinator {
                // The node keeps serving on local fallbacks, but is not fit for full traffic.
                checks["redis"] = await coordinator.isAvailable() ? "ok" : "unreachable"
            }
            checks["registry"] = registryRunning() ? "ok" : "stopped"
            let ready = checks.values.allSatisfy { $0 == "ok" }
            return try JSONResponse.make(
                Health(status: ready ? "ready" : "not_ready", checks: checks),
                status: ready ? .ok : .serviceUnavailable)
        }
    }
}

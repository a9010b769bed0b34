import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Logging

/// Wiring shared by the gateway suites: a fake uazapi on loopback, a gateway pointed at
/// it, and a logger whose output the test can inspect.
struct GatewayHarness {
    static let token = "tok-5f1c9e2a-secret"
    static let phone = "5511900000001"

    let server: FakeUAZServer
    let gateway: UAZGateway
    let instance: Instance
    let logs: CapturedLogs

    /// Fast retries so suites stay quick: 3 attempts, 1–20 ms backoff, 2 s per request.
    static let fastPolicy = UAZGateway.RetryPolicy(
        maxAttempts: 3,
        backoff: Backoff(base: .milliseconds(1), max: .milliseconds(20)),
        requestTimeout: .seconds(2)
    )

    /// For unreachable servers: async-http-client keeps retrying a refused connection until
    /// the request deadline, so a short timeout keeps these tests quick.
    static let unreachablePolicy = UAZGateway.RetryPolicy(
        maxAttempts: 2,
        backoff: Backoff(base: .milliseconds(1), max: .milliseconds(5)),
        requestTimeout: .milliseconds(300)
    )

    /// Runs `body` against a fresh server that requires `token`, stopping it afterwards.
    static func run<T>(
        serverToken: String? = token,
        instanceToken: String = token,
        policy: UAZGateway.RetryPolicy = fastPolicy,
        _ body: (GatewayHarness) async throws -> T
    ) async throws -> T {
        let server = try await FakeUAZServer.start(token: serverToken)
        let logs = CapturedLogs()
        let instance = Instance(
            tenantID: "padaria", owner: "554700000001", token: instanceToken, baseURL: await server.baseURL
        )
        let gateway = UAZGateway(httpClient: .shared, policy: policy, logger: logs.logger())
        let harness = GatewayHarness(server: server, gateway: gateway, instance: instance, logs: logs)
        do {
            let result = try await body(harness)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Sends `text` to the standard phone through this harness's instance.
    func send(_ text: String = "Anotei R$ 50,00 em Alimentação.") async throws -> SentMessage {
        try await gateway.sendText(text, to: Self.phone, via: instance)
    }

    /// Sends and returns the `GatewayError` thrown, or `nil` if the send succeeded.
    func sendExpectingError(_ text: String = "oi") async -> GatewayError? {
        do {
            _ = try await send(text)
            return nil
        } catch {
            return error as? GatewayError
        }
    }
}

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

    /// Fast retries; a timeout generous enough that a loaded CI machine never turns one
    /// request into a retry (tests of timeouts set their own policy).
    static let fastPolicy = HTTPRetryPolicy.fast(requestTimeout: .seconds(10))

    static let unreachablePolicy = HTTPRetryPolicy.unreachable

    /// Runs `body` against a fresh server that requires `token`, stopping it afterwards.
    static func run<T>(
        serverToken: String? = token,
        instanceToken: String = token,
        policy: HTTPRetryPolicy = fastPolicy,
        _ body: (GatewayHarness) async throws -> T
    ) async throws -> T {
        let server = try await FakeUAZServer.start(token: serverToken)
        let logs = CapturedLogs()
        let instance = Instance(
            tenantID: "padaria", owner: "554700000001", token: instanceToken, baseURL: await server.baseURL
        )
        do {
            let result = try await IsolatedHTTPClient.with { httpClient in
                let gateway = UAZGateway(httpClient: httpClient, policy: policy, logger: logs.logger())
                return try await body(GatewayHarness(server: server, gateway: gateway, instance: instance, logs: logs))
            }
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

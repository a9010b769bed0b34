import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Logging

/// Wiring shared by the chat-client suites: a fake chat-completions API on loopback, a
/// client pointed at it, and a logger whose output the test can inspect.
struct OpenAIChatHarness {
    static let apiKey = "sk-test-4b1e9c07d2a8-secret"
    static let model = "gpt-4o-mini"
    static let fallbackModel = "gpt-4.1-nano"

    let server: FakeChatCompletionsServer
    let client: OpenAIChatClient
    let logs: CapturedLogs

    /// Fast retries so suites stay quick: 3 attempts, 1–20 ms backoff, 5 s per request.
    static let fastPolicy = OpenAIChatClient.RetryPolicy(
        maxAttempts: 3,
        backoff: Backoff(base: .milliseconds(1), max: .milliseconds(20)),
        requestTimeout: .seconds(5)
    )

    /// For unreachable servers: async-http-client keeps retrying a refused connection until
    /// the request deadline, so a short timeout keeps these tests quick.
    static let unreachablePolicy = OpenAIChatClient.RetryPolicy(
        maxAttempts: 2,
        backoff: Backoff(base: .milliseconds(1), max: .milliseconds(5)),
        requestTimeout: .milliseconds(300)
    )

    /// Runs `body` against a fresh server that requires `serverKey`, stopping it afterwards.
    static func run<T>(
        serverKey: String? = apiKey,
        clientKey: String? = apiKey,
        fallbackModel: String? = nil,
        policy: OpenAIChatClient.RetryPolicy = fastPolicy,
        baseURLSuffix: String = "",
        _ body: (OpenAIChatHarness) async throws -> T
    ) async throws -> T {
        let server = try await FakeChatCompletionsServer.start(apiKey: serverKey)
        let logs = CapturedLogs()
        let client = OpenAIChatClient(
            httpClient: .shared, baseURL: await server.baseURL + baseURLSuffix, apiKey: clientKey,
            fallbackModel: fallbackModel, policy: policy, logger: logs.logger()
        )
        let harness = OpenAIChatHarness(server: server, client: client, logs: logs)
        do {
            let result = try await body(harness)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A request for the standard model.
    static func request(
        _ messages: [ChatMessage] = [.system("Você é o assistente financeiro."), .user("Gastei 50 reais no mercado")],
        tools: [ToolDefinition] = [], jsonResponse: Bool = false
    ) -> ChatCompletionRequest {
        ChatCompletionRequest(model: model, messages: messages, tools: tools, jsonResponse: jsonResponse)
    }

    /// Completes `request` (the standard one by default).
    func complete(_ request: ChatCompletionRequest = request()) async throws -> ChatCompletion {
        try await client.complete(request)
    }

    /// Completes and returns the `ChatCompletionError` thrown, or `nil` if it succeeded.
    func completeExpectingError(_ request: ChatCompletionRequest = request()) async -> ChatCompletionError? {
        do {
            _ = try await client.complete(request)
            return nil
        } catch {
            return error as? ChatCompletionError
        }
    }
}

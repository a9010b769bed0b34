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

    static let fastPolicy = HTTPRetryPolicy.fast(requestTimeout: .seconds(5))

    static let unreachablePolicy = HTTPRetryPolicy.unreachable

    /// Runs `body` against a fresh server that requires `serverKey`, stopping it afterwards.
    static func run<T>(
        serverKey: String? = apiKey,
        clientKey: String? = apiKey,
        fallbackModel: String? = nil,
        policy: HTTPRetryPolicy = fastPolicy,
        baseURLSuffix: String = "",
        _ body: (OpenAIChatHarness) async throws -> T
    ) async throws -> T {
        let server = try await FakeChatCompletionsServer.start(apiKey: serverKey)
        let logs = CapturedLogs()
        do {
            let result = try await IsolatedHTTPClient.with { httpClient in
                let client = OpenAIChatClient(
                    httpClient: httpClient, baseURL: await server.baseURL + baseURLSuffix, apiKey: clientKey,
                    fallbackModel: fallbackModel, policy: policy, logger: logs.logger()
                )
                return try await body(OpenAIChatHarness(server: server, client: client, logs: logs))
            }
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

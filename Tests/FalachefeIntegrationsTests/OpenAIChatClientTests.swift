import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// What the client sends and how it reads answers, over real loopback HTTP.
@Suite("OpenAIChatClient requests and answers")
struct OpenAIChatClientTests {
    static let expenseTool = ToolDefinition(
        name: "registrar_gasto", description: "Registra um gasto no livro-caixa.",
        parametersSchema: #"{"properties":{"categoria":{"type":"string"},"valor":{"type":"number"}},"#
            + #""required":["valor"],"type":"object"}"#
    )

    @Test("messages, tool calls, tool results, tools and options reach the server as sent")
    func requestShape() async throws {
        try await OpenAIChatHarness.run { harness in
            let messages: [ChatMessage] = [
                .system("Você é o assistente financeiro."),
                .user("Gastei 50 reais no mercado"),
                ChatMessage(role: .assistant, content: nil, toolCalls: [
                    ToolCall(id: "call_1", name: "registrar_gasto", arguments: #"{"valor":50}"#),
                ]),
                ChatMessage(role: .tool, content: #"{"ok":true}"#, toolCallID: "call_1"),
            ]
            var request = OpenAIChatHarness.request(messages, tools: [Self.expenseTool], jsonResponse: true)
            request.temperature = 0.2
            request.maxTokens = 300
            _ = try await harness.complete(request)

            let recorded = try #require(await harness.server.requests.first)
            #expect(recorded.model == OpenAIChatHarness.model)
            #expect(recorded.messages == messages)
            #expect(recorded.tools == [Self.expenseTool])
            #expect(recorded.jsonResponse)
            #expect(recorded.temperature == 0.2)
            #expect(recorded.maxTokens == 300)
            #expect(recorded.authorization == "Bearer \(OpenAIChatHarness.apiKey)")
        }
    }

    @Test("optional fields are left out of a plain request")
    func minimalBody() async throws {
        try await OpenAIChatHarness.run(serverKey: nil, clientKey: nil) { harness in
            _ = try await harness.complete()
            let recorded = try #require(await harness.server.requests.first)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(recorded.body.utf8)) as? [String: Any])
            #expect(Set(body.keys) == ["model", "messages"])
            #expect(recorded.authorization == nil)
            #expect(!recorded.jsonResponse)
        }
    }

    @Test("a text answer is the assistant message, with the model and usage")
    func textAnswer() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.text("Anotei R$ 50,00 em Alimentação."))
            let completion = try await harness.complete()
            #expect(completion.message == ChatMessage(role: .assistant, content: "Anotei R$ 50,00 em Alimentação."))
            #expect(completion.model == OpenAIChatHarness.model)
            #expect(completion.finishReason == "stop")
            #expect(completion.usage == FakeChatCompletionsServer.defaultUsage)
        }
    }

    @Test("usage reports the answer's token counts")
    func usage() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.text("ok", usage: TokenUsage(promptTokens: 321, completionTokens: 12)))
            let completion = try await harness.complete()
            #expect(completion.usage == TokenUsage(promptTokens: 321, completionTokens: 12))
        }
    }

    @Test("tool calls are parsed with ids, names and arguments")
    func toolCallAnswer() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.toolCalls([
                ("registrar_gasto", #"{"valor":50,"categoria":"Alimentação"}"#), ("consultar_saldo", "{}"),
            ]))
            let completion = try await harness.complete(OpenAIChatHarness.request(tools: [Self.expenseTool]))
            #expect(completion.message.role == .assistant)
            #expect(completion.message.content == nil)
            #expect(completion.finishReason == "tool_calls")
            let calls = completion.message.toolCalls
            #expect(calls.map(\.name) == ["registrar_gasto", "consultar_saldo"])
            #expect(calls.map(\.arguments) == [#"{"valor":50,"categoria":"Alimentação"}"#, "{}"])
            #expect(Set(calls.map(\.id)).count == 2)
            #expect(!calls.contains { $0.id.isEmpty })
        }
    }

    @Test("a JSON answer to a structured-output request is the content text")
    func jsonAnswer() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.json(#"{"intent":"expense","amount":50}"#))
            let completion = try await harness.complete(OpenAIChatHarness.request(jsonResponse: true))
            #expect(completion.message.content == #"{"intent":"expense","amount":50}"#)
            #expect(await harness.server.requests.first?.jsonResponse == true)
        }
    }

    @Test("trailing slashes in the base URL are tolerated", arguments: ["/", "//", "/ "])
    func trailingSlash(suffix: String) async throws {
        try await OpenAIChatHarness.run(baseURLSuffix: suffix) { harness in
            _ = try await harness.complete()
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("an empty base URL is rejected without sending", arguments: ["", "  ", "/"])
    func emptyBaseURL(baseURL: String) async throws {
        let client = OpenAIChatClient(
            httpClient: .shared, baseURL: baseURL, apiKey: nil, logger: CapturedLogs().logger()
        )
        let expected = ChatCompletionError.rejected(status: 0, message: "no chat completions base URL configured")
        await #expect(throws: expected) {
            try await client.complete(OpenAIChatHarness.request())
        }
    }

    @Test("a tool schema that is not a JSON object is rejected before sending")
    func invalidSchema() async throws {
        try await OpenAIChatHarness.run { harness in
            let broken = ToolDefinition(name: "quebrada", description: "", parametersSchema: "[1, 2")
            let error = await harness.completeExpectingError(OpenAIChatHarness.request(tools: [broken]))
            guard case .rejected(0, let message) = error else {
                Issue.record("expected a local rejection, got \(String(describing: error))")
                return
            }
            #expect(message.contains("quebrada"))
            #expect(await harness.server.requestCount == 0)
        }
    }
}

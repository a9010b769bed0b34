import AsyncHTTPClient
import FalachefeCore
@testable import FalachefeIntegrations
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// Encoding requests and decoding answers, without a server.
@Suite("OpenAIChatClient wire format")
struct OpenAIChatClientWireTests {
    private func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("an assistant tool call is sent with null content and a function call")
    func encodesToolCalls() throws {
        let request = ChatCompletionRequest(model: "m", messages: [
            ChatMessage(role: .assistant, content: nil, toolCalls: [ToolCall(id: "c1", name: "f", arguments: "{}")]),
            ChatMessage(role: .tool, content: "42", toolCallID: "c1"),
        ], tools: [ToolDefinition(name: "f", description: "d", parametersSchema: "")], jsonResponse: true)
        let body = try json(try OpenAIChatClient.encodeBody(request, model: "other"))
        #expect(body["model"] as? String == "other")
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages[0]["content"] is NSNull)
        let call = try #require((messages[0]["tool_calls"] as? [[String: Any]])?.first)
        #expect(call["type"] as? String == "function")
        #expect((call["function"] as? [String: Any])?["name"] as? String == "f")
        #expect(messages[1]["tool_call_id"] as? String == "c1")
        let tool = try #require((body["tools"] as? [[String: Any]])?.first)
        #expect(tool["type"] as? String == "function")
        #expect(((tool["function"] as? [String: Any])?["parameters"] as? [String: Any])?.isEmpty == true)
        #expect((body["response_format"] as? [String: Any])?["type"] as? String == "json_object")
    }

    @Test("a missing usage is zero and a missing model is the requested one")
    func lenientAnswer() throws {
        let body = Data(#"{"choices":[{"message":{"role":"assistant","content":null}}]}"#.utf8)
        let completion = try OpenAIChatClient.decodeCompletion(body, requestedModel: "m").get()
        #expect(completion.usage == TokenUsage())
        #expect(completion.model == "m")
        #expect(completion.message == ChatMessage(role: .assistant, content: nil))
        #expect(completion.finishReason == nil)
    }

    @Test("an answer without choices is malformed", arguments: [#"{"choices":[]}"#, #"{"id":"x"}"#, "[]", "oops"])
    func noChoices(body: String) {
        let result = OpenAIChatClient.decodeCompletion(Data(body.utf8), requestedModel: "m")
        guard case .failure(.malformedResponse) = result else {
            Issue.record("expected malformedResponse, got \(result)")
            return
        }
    }

    @Test("Retry-After is read in seconds; anything else is ignored")
    func retryAfterParsing() {
        #expect(OpenAIChatClient.retryAfter(["Retry-After": "2"]) == .seconds(2))
        #expect(OpenAIChatClient.retryAfter(["Retry-After": " 0.5 "]) == .milliseconds(500))
        #expect(OpenAIChatClient.retryAfter(["Retry-After": "-1"]) == nil)
        #expect(OpenAIChatClient.retryAfter(["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]) == nil)
        #expect(OpenAIChatClient.retryAfter([:]) == nil)
    }

    @Test("error bodies yield their message, redacted and truncated")
    func errorMessages() {
        let key = "sk-abc-123"
        let client = OpenAIChatClient(
            httpClient: .shared, baseURL: "http://127.0.0.1:1/v1", apiKey: key, logger: Logger(label: "t")
        )
        func message(_ body: String) -> String {
            client.errorMessage(.init(status: 400, headers: [:], body: .init(string: body)))
        }
        #expect(message(#"{"error":{"message":"bad model","type":"invalid_request_error"}}"#) == "bad model")
        #expect(message(#"{"error":"plain"}"#) == "plain")
        #expect(message("<html>") == "Bad Request")
        let long = message(#"{"error":{"message":"key \#(key) \#(String(repeating: "x", count: 500))"}}"#)
        #expect(!long.contains(key))
        #expect(long.count <= 201)
    }
}

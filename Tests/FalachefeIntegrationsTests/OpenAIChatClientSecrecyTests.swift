import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// The API key and the conversation stay out of errors and logs.
@Suite("OpenAIChatClient secrecy")
struct OpenAIChatClientSecrecyTests {
    static let secretText = "meu saldo secreto é 12345"

    @Test("a wrong key is rejected with 401, without retry, and the echoed key is redacted")
    func wrongKey() async throws {
        let wrongKey = "sk-wrong-0f9e8d7c6b5a-secret"
        try await OpenAIChatHarness.run(clientKey: wrongKey) { harness in
            let error = try #require(await harness.completeExpectingError())
            guard case .rejected(401, let message) = error else {
                Issue.record("expected rejected 401, got \(error)")
                return
            }
            #expect(message.contains("Incorrect API key"))
            #expect(!"\(error)".contains(wrongKey))
            #expect(!String(reflecting: error).contains(wrongKey))
            #expect(!harness.logs.all.joined().contains(wrongKey))
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("the key never appears in errors or logs", arguments: [400, 401, 404, 429, 500, 503])
    func keyNeverLeaks(status: Int) async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(Array(repeating: .status(status, retryAfter: 0), count: 3))
            let error = try #require(await harness.completeExpectingError())
            #expect(!String(describing: error).contains(OpenAIChatHarness.apiKey))
            #expect(!String(reflecting: error).contains(OpenAIChatHarness.apiKey))
            #expect(!harness.logs.all.joined().contains(OpenAIChatHarness.apiKey))
        }
    }

    @Test("the key is not in a network error either")
    func keyNotInNetworkError() async throws {
        try await OpenAIChatHarness.run(policy: OpenAIChatHarness.unreachablePolicy) { harness in
            await harness.server.stop()
            let error = try #require(await harness.completeExpectingError())
            #expect(!"\(error)".contains(OpenAIChatHarness.apiKey))
            #expect(!harness.logs.all.joined().contains(OpenAIChatHarness.apiKey))
        }
    }

    @Test("printing or dumping the client does not show the key")
    func clientDescription() async throws {
        try await OpenAIChatHarness.run { harness in
            var dumped = ""
            dump(harness.client, to: &dumped)
            #expect(!dumped.contains(OpenAIChatHarness.apiKey))
            #expect(!"\(harness.client)".contains(OpenAIChatHarness.apiKey))
            #expect(!String(reflecting: harness.client).contains(OpenAIChatHarness.apiKey))
        }
    }

    @Test("logs carry model, attempt and status but no message contents")
    func logsAreStructured() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel) { harness in
            await harness.server.enqueue(.status(500), .status(500), .status(500), .text(Self.secretText))
            _ = try await harness.complete(OpenAIChatHarness.request([.user(Self.secretText)]))
            let logs = harness.logs.all.joined(separator: "\n")
            #expect(logs.contains("llm.model=\(OpenAIChatHarness.model)"))
            #expect(logs.contains("llm.attempt=2"))
            #expect(logs.contains("http.status=500"))
            #expect(logs.contains("llm.model=\(OpenAIChatHarness.fallbackModel)"))
            #expect(!logs.contains(Self.secretText))
            #expect(!logs.contains(OpenAIChatHarness.apiKey))
        }
    }
}

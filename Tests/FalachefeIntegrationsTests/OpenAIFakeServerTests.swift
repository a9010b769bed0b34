import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The fake chat-completions API itself: responder, script order, latency and validation.
@Suite("FakeChatCompletionsServer")
struct OpenAIFakeServerTests {
    @Test("the responder answers once the script is empty")
    func responder() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.setResponder { request in .text("eco: \(request.lastUserMessage ?? "-")") }
            await harness.server.enqueue(.text("primeiro"))
            let scripted = try await harness.complete()
            #expect(scripted.message.content == "primeiro")
            let echoed = try await harness.complete(OpenAIChatHarness.request([.user("oi")]))
            #expect(echoed.message.content == "eco: oi")
        }
    }

    @Test("a scripted delay only holds the next answer")
    func delayOrder() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.delay(.milliseconds(10)), .text("um"), .text("dois"))
            await harness.server.setLatency(.milliseconds(1))
            let first = try await harness.complete()
            let second = try await harness.complete()
            #expect(first.message.content == "um")
            #expect(second.message.content == "dois")
            #expect(await harness.server.pendingAnswers == 0)
            #expect(await harness.server.latency == .milliseconds(1))
        }
    }

    @Test("a body that is not a chat request is answered 400 and not recorded")
    func invalidBody() async throws {
        try await OpenAIChatHarness.run(serverKey: nil) { harness in
            var request = HTTPClientRequest(url: await harness.server.baseURL + "/chat/completions")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: #"{"model":"m","messages":[]}"#))
            request.headers.add(name: "Connection", value: "close")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            #expect(response.status == .badRequest)
            #expect(await harness.server.requestCount == 1)
            #expect(await harness.server.requests.isEmpty)
        }
    }
}

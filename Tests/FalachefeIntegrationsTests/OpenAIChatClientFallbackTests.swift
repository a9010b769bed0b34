import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// The fallback model, tried once the requested model keeps failing.
@Suite("OpenAIChatClient fallback model")
struct OpenAIChatClientFallbackTests {
    @Test("after the primary's attempts fail, the fallback answers and is reported")
    func fallbackAnswers() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel) { harness in
            await harness.server.enqueue(.status(500), .status(503), .status(429, retryAfter: 0), .text("do reserva"))
            let completion = try await harness.complete()
            #expect(completion.model == OpenAIChatHarness.fallbackModel)
            #expect(completion.message.content == "do reserva")
            let models = await harness.server.requests.map(\.model)
            #expect(models == Array(repeating: OpenAIChatHarness.model, count: 3) + [OpenAIChatHarness.fallbackModel])
        }
    }

    @Test("a malformed answer goes straight to the fallback")
    func malformedFallsBack() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel) { harness in
            await harness.server.enqueue(.malformed, .text("ok"))
            let completion = try await harness.complete()
            #expect(completion.model == OpenAIChatHarness.fallbackModel)
            let models = await harness.server.requests.map(\.model)
            #expect(models == [OpenAIChatHarness.model, OpenAIChatHarness.fallbackModel])
        }
    }

    @Test("the fallback gets its own attempts, and its failure is thrown")
    func fallbackFailsToo() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel) { harness in
            await harness.server.down()
            let error = await harness.completeExpectingError()
            #expect(error == .server(status: 503))
            #expect(await harness.server.requestCount == 2 * OpenAIChatHarness.fastPolicy.maxAttempts)
        }
    }

    @Test("a rejected request does not try the fallback")
    func rejectionSkipsFallback() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel) { harness in
            await harness.server.enqueue(.status(400))
            guard case .rejected(400, _) = await harness.completeExpectingError() else {
                Issue.record("expected rejected 400")
                return
            }
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("a fallback equal to the requested model is not tried again")
    func sameModelNoFallback() async throws {
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.model) { harness in
            await harness.server.down()
            #expect(await harness.completeExpectingError() == .server(status: 503))
            #expect(await harness.server.requestCount == OpenAIChatHarness.fastPolicy.maxAttempts)
        }
    }
}

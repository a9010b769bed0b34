import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// Retries inside one call: 429, 5xx, network errors and timeouts; what is not retried.
@Suite("OpenAIChatClient retries")
struct OpenAIChatClientRetryTests {
    @Test("a 429 with Retry-After is retried and then answers")
    func rateLimitThenSuccess() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.status(429, retryAfter: 0), .text("ok"))
            let completion = try await harness.complete()
            #expect(completion.message.content == "ok")
            #expect(await harness.server.requestCount == 2)
        }
    }

    @Test("Retry-After is capped by the policy's maximum backoff")
    func capsRetryAfter() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.status(429, retryAfter: 3600), .text("ok"))
            let completion = try await harness.complete()
            #expect(completion.message.content == "ok")
            #expect(await harness.server.requestCount == 2)
        }
    }

    @Test("a 429 on every attempt is rate limited and carries Retry-After")
    func persistentRateLimit() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(Array(repeating: .status(429, retryAfter: 0), count: 3))
            let error = await harness.completeExpectingError()
            #expect(error == .rateLimited(retryAfterSeconds: 0))
            #expect(await harness.server.requestCount == 3)
        }
    }

    @Test("two 5xx then success answer once", arguments: [500, 502, 503])
    func serverErrorsThenSuccess(status: Int) async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.status(status), .status(status), .text("ok"))
            let completion = try await harness.complete()
            #expect(completion.message.content == "ok")
            #expect(await harness.server.requestCount == 3)
        }
    }

    @Test("5xx on every attempt is a server error after all attempts")
    func serverErrorsExhausted() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.status(500), .status(500), .status(500), .text("too late"))
            let error = await harness.completeExpectingError()
            #expect(error == .server(status: 500))
            #expect(await harness.server.requestCount == OpenAIChatHarness.fastPolicy.maxAttempts)
            #expect(await harness.server.pendingAnswers == 1)
        }
    }

    @Test("a server that is down answers 503 on every attempt")
    func down() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.down()
            #expect(await harness.completeExpectingError() == .server(status: 503))
            await harness.server.up()
            let completion = try await harness.complete()
            #expect(completion.message.content == FakeChatCompletionsServer.defaultText)
        }
    }

    @Test("a 400 is rejected at once with the API's message", arguments: [400, 404, 422])
    func rejectedWithoutRetry(status: Int) async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.status(status))
            let error = await harness.completeExpectingError()
            guard case .rejected(let rejected, let message) = error else {
                Issue.record("expected rejected, got \(String(describing: error))")
                return
            }
            #expect(rejected == status)
            #expect(!message.isEmpty)
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("a 200 that is not JSON is a malformed response, not retried")
    func malformed() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.malformed)
            let error = await harness.completeExpectingError()
            guard case .malformedResponse = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("connection refused is a transport error")
    func connectionRefused() async throws {
        try await OpenAIChatHarness.run(policy: OpenAIChatHarness.unreachablePolicy) { harness in
            await harness.server.stop()
            let error = await harness.completeExpectingError()
            guard case .transport = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("a slow answer times out as a transport error")
    func requestTimeout() async throws {
        let policy = HTTPRetryPolicy(
            // Long enough for both requests to reach the fake on a loaded machine.
            maxAttempts: 2, backoff: Backoff(base: .milliseconds(1), max: .milliseconds(1)),
            requestTimeout: .seconds(1)
        )
        try await OpenAIChatHarness.run(policy: policy) { harness in
            await harness.server.enqueue(.delay(.seconds(10)), .text("late"), .delay(.seconds(10)), .text("late"))
            let error = await harness.completeExpectingError()
            guard case .transport(let reason) = error else {
                Issue.record("expected transport, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("timed out"))
            #expect(await harness.server.requestCount == 2)
        }
    }
}

import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// Cancelling the calling task (how the per-task deadline is enforced) stops the call.
@Suite("OpenAIChatClient cancellation")
struct OpenAIChatClientCancellationTests {
    @Test("cancelling during a slow request abandons it and throws cancelled")
    func cancelInFlight() async throws {
        try await OpenAIChatHarness.run { harness in
            await harness.server.enqueue(.delay(.seconds(10)), .text("too late"))
            let task = Task { try await harness.complete() }
            try await harness.server.waitForRequests(count: 1)
            task.cancel()
            let result = await task.result
            #expect(throws: ChatCompletionError.cancelled) { try result.get() }
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("cancelling during the backoff sleep throws cancelled without another attempt")
    func cancelDuringBackoff() async throws {
        let policy = HTTPRetryPolicy(
            maxAttempts: 5, backoff: Backoff(base: .seconds(30), max: .seconds(30)), requestTimeout: .seconds(5)
        )
        try await OpenAIChatHarness.run(fallbackModel: OpenAIChatHarness.fallbackModel, policy: policy) { harness in
            await harness.server.down()
            let task = Task { try await harness.complete() }
            try await harness.server.waitForRequests(count: 1)
            task.cancel()
            let result = await task.result
            #expect(throws: ChatCompletionError.cancelled) { try result.get() }
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("an already cancelled task sends nothing")
    func cancelledBeforeStart() async throws {
        try await OpenAIChatHarness.run { harness in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await harness.complete()
            }
            let result = await task.result
            #expect(throws: ChatCompletionError.cancelled) { try result.get() }
            #expect(await harness.server.requestCount == 0)
        }
    }
}

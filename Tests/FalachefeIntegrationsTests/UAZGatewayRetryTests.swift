import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// Retries inside one call: network errors, 429 and 5xx.
@Suite("UAZGateway retries")
struct UAZGatewayRetryTests {
    @Test("two 500s then success deliver exactly one message")
    func retriesServerErrors() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures([500, 500])
            let sent = try await harness.send()
            let received = await harness.server.sent()
            #expect(received.count == 1)
            #expect(sent.providerMessageID == received.first?.messageID)
            #expect(await harness.server.requestCount == 3)
        }
    }

    @Test("a 429's Retry-After is waited before the next attempt")
    func honoursRetryAfter() async throws {
        let policy = HTTPRetryPolicy(
            maxAttempts: 2, backoff: Backoff(base: .milliseconds(1), max: .seconds(5)), requestTimeout: .seconds(2)
        )
        try await GatewayHarness.run(policy: policy) { harness in
            await harness.server.enqueueFailures([429], retryAfter: 1)
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await harness.send()
            #expect(clock.now - started >= .seconds(1))
            #expect(await harness.server.requestCount == 2)
            #expect(await harness.server.sent().count == 1)
        }
    }

    @Test("Retry-After is capped by the policy's maximum backoff")
    func capsRetryAfter() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures([429], retryAfter: 3600)
            let clock = ContinuousClock()
            let started = clock.now
            _ = try await harness.send()
            #expect(clock.now - started < .seconds(30))
            #expect(await harness.server.sent().count == 1)
        }
    }

    @Test("a 429 on every attempt is retryable and carries Retry-After")
    func persistentRateLimit() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures([429, 429, 429], retryAfter: 0)
            let error = await harness.sendExpectingError()
            #expect(error == .retryable(reason: "HTTP 429: Rate limit exceeded", retryAfter: .zero))
        }
    }

    @Test("a server that stays down gives a retryable error after all attempts")
    func persistentUnavailable() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.setDown(true)
            let error = await harness.sendExpectingError()
            guard case .retryable(let reason, let retryAfter) = error else {
                Issue.record("expected retryable, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("503"))
            #expect(retryAfter == nil)
            #expect(await harness.server.requestCount == GatewayHarness.fastPolicy.maxAttempts)
            #expect(await harness.server.sent().isEmpty)
        }
    }

    @Test("a server that comes back within the attempts delivers")
    func recoversFromOutage() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures([503, 502])
            let sent = try await harness.send()
            #expect(sent.providerMessageID == (try await harness.server.waitForSent(count: 1, timeout: .seconds(5)))[0].messageID)
        }
    }

    @Test("connection refused is retryable")
    func connectionRefused() async throws {
        try await GatewayHarness.run(policy: GatewayHarness.unreachablePolicy) { harness in
            await harness.server.stop()
            let error = await harness.sendExpectingError()
            guard case .retryable(let reason, _) = error else {
                Issue.record("expected retryable, got \(String(describing: error))")
                return
            }
            #expect(reason.hasPrefix("network error"))
        }
    }

    @Test("a slow answer times out and is retryable")
    func requestTimeout() async throws {
        let policy = HTTPRetryPolicy(
            maxAttempts: 1, backoff: Backoff(base: .milliseconds(1), max: .milliseconds(1)),
            requestTimeout: .milliseconds(200)
        )
        try await GatewayHarness.run(policy: policy) { harness in
            await harness.server.setDelay(.seconds(3))
            let error = await harness.sendExpectingError()
            guard case .retryable = error else {
                Issue.record("expected retryable, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("cancelling the caller stops the retries")
    func cancellation() async throws {
        let policy = HTTPRetryPolicy(
            maxAttempts: 5, backoff: Backoff(base: .seconds(30), max: .seconds(30)), requestTimeout: .seconds(2)
        )
        try await GatewayHarness.run(policy: policy) { harness in
            await harness.server.setDown(true)
            let task = Task { try await harness.send() }
            let deadline = ContinuousClock.now.advanced(by: .seconds(5))
            while await harness.server.requestCount < 1, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(await harness.server.requestCount == 1)
        }
    }
}

@testable import FalachefeCore
import Synchronization
import Testing

/// `withDeadline`: the race of an operation against a deadline that the crew's task
/// deadline and the chat client's request timeout share.
@Suite("withDeadline")
struct DeadlineTests {
    private struct Expired: Error, Equatable {}

    @Test("an operation that ends before the deadline gives its result")
    func resultBeforeDeadline() async throws {
        let value = try await withDeadline(.now + .seconds(60), orThrow: { Expired() }) { 42 }
        #expect(value == 42)
    }

    @Test("an operation's own error passes through unchanged")
    func operationErrorPassesThrough() async {
        struct Broken: Error, Equatable {}
        await #expect(throws: Broken()) {
            try await withDeadline(.now + .seconds(60), orThrow: { Expired() }) { () async throws -> Int in throw Broken() }
        }
    }

    @Test("past the deadline the operation is cancelled and the given error is thrown", .timeLimit(.minutes(1)))
    func pastDeadlineCancelsTheOperation() async {
        let sawCancellation = Flag()
        await #expect(throws: Expired()) {
            try await withDeadline(.now + .milliseconds(20), orThrow: { Expired() }) { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(3_600))
                } catch is CancellationError {
                    sawCancellation.set()
                }
                return 0
            }
        }
        #expect(sawCancellation.isSet)
    }

    @Test("a deadline already passed throws without running the operation")
    func passedDeadlineRunsNothing() async {
        let ran = Flag()
        await #expect(throws: Expired()) {
            try await withDeadline(.now - .milliseconds(1), orThrow: { Expired() }) { () async throws -> Int in
                ran.set()
                return 0
            }
        }
        #expect(!ran.isSet)
    }

    @Test("a chat call past the crew task's deadline is cancelled and fails with CrewDeadlineExceeded", .timeLimit(.minutes(1)))
    func llmCallStopsAtTheTaskDeadline() async {
        let client = NeverAnsweringClient()
        let engine = LLMEngine(
            client: client, model: "gpt-4o-mini", pricing: .standard, maxIterations: 5, deadline: .now + .milliseconds(20))
        await #expect(throws: CrewDeadlineExceeded()) {
            _ = try await engine.call(ChatCompletionRequest(model: "gpt-4o-mini", messages: []))
        }
        #expect(client.cancelled.isSet)
    }
}

/// A chat client that answers only when cancelled, and notes that it was.
private final class NeverAnsweringClient: ChatCompletionClient {
    let cancelled = Flag()

    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        do {
            try await Task.sleep(for: .seconds(3_600))
        } catch {
            cancelled.set()
            throw error
        }
        throw CancellationError()
    }
}

/// A flag set from any task.
private final class Flag: Sendable {
    private let value = Atomic(false)

    var isSet: Bool { value.load(ordering: .relaxed) }

    func set() { value.store(true, ordering: .relaxed) }
}

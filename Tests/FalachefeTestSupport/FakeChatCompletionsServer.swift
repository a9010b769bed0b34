import FalachefeCore
import Foundation

/// A real HTTP server on 127.0.0.1 that behaves like OpenAI's `POST /v1/chat/completions`,
/// for tests and benchmarks that exercise the chat client over loopback. It records every
/// request and answers from a FIFO of scripted answers, then from a responder closure.
///
/// ```swift
/// let openAI = try await FakeChatCompletionsServer.start(apiKey: "sk-test")
/// await openAI.enqueue(.status(429, retryAfter: 0), .toolCalls([("registrar_gasto", #"{"valor":50}"#)]))
/// await openAI.setResponder { request in .text("Eco: \(request.lastUserMessage ?? "")") }
/// // … point an OpenAIChatClient at `await openAI.baseURL` …
/// let sent = await openAI.requests
/// await openAI.stop()
/// ```
public actor FakeChatCompletionsServer {
    /// Token counts answered when a scripted answer does not give its own.
    public static let defaultUsage = TokenUsage(promptTokens: 100, completionTokens: 20)
    /// The text the default responder answers.
    public static let defaultText = "Olá! Como posso ajudar?"

    /// Why the fake could not do what a test asked.
    public enum Failure: Error, Sendable, Hashable {
        case didNotStart
        case timedOut(expected: Int, received: Int)
    }

    /// The API key requests must present as `Authorization: Bearer …`, or `nil` to accept any.
    let expectedAPIKey: String?
    var port = 0
    var loopback: LoopbackServer?
    var script: [ScriptedAnswer] = []
    var responder: @Sendable (RecordedRequest) -> ScriptedAnswer = { _ in .text(FakeChatCompletionsServer.defaultText) }
    var isDown = false
    var completionCounter = 0
    /// Every well-formed request received, whatever it was answered, oldest first.
    public internal(set) var requests: [RecordedRequest] = []
    /// Every HTTP request received on the endpoint, well-formed or not.
    public internal(set) var requestCount = 0
    /// Added to every answer's delay.
    public private(set) var latency: Duration = .zero

    init(apiKey: String?) {
        self.expectedAPIKey = apiKey
    }

    /// `http://127.0.0.1:<port>/v1`, the base URL to give the client.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Scripted answers for the next requests, in order, after those already queued.
    public func enqueue(_ answers: ScriptedAnswer...) {
        script += answers
    }

    /// Scripted answers for the next requests, in order, after those already queued.
    public func enqueue(_ answers: [ScriptedAnswer]) {
        script += answers
    }

    /// Scripted answers not yet used.
    public var pendingAnswers: Int { script.count }

    /// Answers requests once the script is empty. A `.delay` it returns is waited, then
    /// the default text is answered.
    public func setResponder(_ responder: @escaping @Sendable (RecordedRequest) -> ScriptedAnswer) {
        self.responder = responder
    }

    /// Waits `latency` before every answer, on top of any scripted delay.
    public func setLatency(_ latency: Duration) {
        self.latency = latency
    }

    /// Answers every request `503` until `up()`; the script is left untouched.
    public func down() {
        isDown = true
    }

    /// Answers normally again.
    public func up() {
        isDown = false
    }

    /// Waits until at least `count` requests arrived, polling until `timeout`.
    @discardableResult
    public func waitForRequests(count: Int, timeout: Duration = .seconds(5)) async throws -> [RecordedRequest] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while requestCount < count {
            guard ContinuousClock.now < deadline else {
                throw Failure.timedOut(expected: count, received: requestCount)
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return requests
    }
}

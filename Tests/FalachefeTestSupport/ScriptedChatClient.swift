import FalachefeCore
import Foundation
import Synchronization

/// A `ChatCompletionClient` for runtime tests: answers router calls with the built-in
/// model's analysis as JSON and agent calls with a fixed text, or fails while `failing`.
/// Counts the calls it answered and the ones it failed.
public final class ScriptedChatClient: ChatCompletionClient {
    /// The error of a scripted failure.
    public struct Down: Error, Sendable, Hashable {}

    private struct State {
        var failing = false
        var answered = 0
        var failed = 0
    }

    private let state = Mutex(State())
    private let builtin = BuiltinLanguageModel()
    private let today: LedgerDay

    public init(today: LedgerDay) {
        self.today = today
    }

    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    public var answered: Int { state.withLock { $0.answered } }
    public var failed: Int { state.withLock { $0.failed } }

    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        let failing = state.withLock { state in
            if state.failing { state.failed += 1 } else { state.answered += 1 }
            return state.failing
        }
        if failing { throw Down() }
        let text = request.messages.last { $0.role == .user }?.content ?? ""
        let content = request.jsonResponse ? routerJSON(for: text) : "Resposta do modelo."
        return ChatCompletion(
            message: .assistant(content), model: request.model, usage: TokenUsage(promptTokens: 100, completionTokens: 20))
    }

    /// The router's JSON for `text`, from the built-in model (amount in reais).
    private func routerJSON(for text: String) -> String {
        let analysis = builtin.classify(text, today: today)
        var entities: [String: Any] = [:]
        if let cents = analysis.entities.amountCents { entities["amount"] = Double(cents) / 100 }
        if let category = analysis.entities.category { entities["category"] = category }
        let object: [String: Any] = [
            "intent": analysis.intent.rawValue, "action": analysis.action.rawValue,
            "complexity": analysis.complexity.rawValue, "entities": entities,
            "requiresHumanApproval": analysis.requiresHumanApproval,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation

/// What happened on the engines while the crew answered one message.
struct CrewTrace: Sendable {
    var started: ContinuousClock.Instant
    var usage = TokenUsage()
    var cost = 0.0
    var model: String?
    /// True once an LLM call succeeded, false once one failed; nil when none was made.
    var llmSucceeded: Bool?
    var llmFailure: String?
    var handoffDuration: Duration?

    init(started: ContinuousClock.Instant) {
        self.started = started
    }

    /// The LLM may still be asked: it has not failed on this message.
    var llmUsable: Bool { llmSucceeded != false }

    mutating func record(usage: TokenUsage, model: String, cost: Double) {
        self.usage = self.usage + usage
        self.cost += cost
        self.model = model
        if llmSucceeded == nil { llmSucceeded = true }
    }

    mutating func fail(_ error: any Error) {
        llmSucceeded = false
        llmFailure = String(describing: error)
    }
}

/// The short summary handed to the next agent: who, the last turns, what is pending.
enum HandoffSummary {
    static let limit = 400

    static func make(_ request: CrewRequest) -> String {
        var parts = ["Usuário \(request.user.name)."]
        let turns = request.recentTurns.suffix(3).map { entry in
            "\(entry.direction == .inbound ? "usuário" : (entry.agent ?? "agente")): \(entry.text.prefix(80))"
        }
        if !turns.isEmpty { parts.append("Últimas mensagens: " + turns.joined(separator: " | ")) }
        if let pending = request.conversation.pendingAction {
            let missing = pending.missing.map(\.rawValue).joined(separator: ", ")
            parts.append("Pendente: \(pending.tool.rawValue)" + (missing.isEmpty ? " aguardando confirmação" : " sem \(missing)") + ".")
        }
        return String(parts.joined(separator: " ").prefix(limit))
    }
}

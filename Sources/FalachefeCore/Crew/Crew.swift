import Foundation

/// The company's assistant crew: the model classifies a message and the agent of its
/// intent answers it. Tenant and user come from the request (injected by the server),
/// never from the model.
public struct Crew<Model: LanguageModel, Ledger: LedgerStore>: Sendable {
    private let model: Model
    private let financial: FinancialAgent<Ledger>
    private let marketing = MarketingAgent()
    private let hr = HRAgent()
    private let support = SupportAgent()

    public init(model: Model, ledger: Ledger) {
        self.model = model
        self.financial = FinancialAgent(ledger: ledger)
    }

    /// Answers one message of a registered user. Throws only on infrastructure errors
    /// (store/model failures) — those are the caller's to handle.
    public func respond(to request: CrewRequest) async throws -> Reply {
        let text = request.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard case .text = request.message.kind, !text.isEmpty else {
            return Reply(
                text: "Por enquanto eu só entendo mensagens de texto. Pode escrever o que você precisa?",
                agent: AgentRole.orchestrator.rawValue)
        }
        let analysis = try await model.analyze(text, today: request.today)
        var reply: Reply
        switch AgentRole(intent: analysis.intent) {
        case .financial: reply = try await financial.respond(to: request, analysis: analysis)
        case .marketing: reply = marketing.respond(to: request, analysis: analysis)
        case .hr: reply = hr.respond(to: request, analysis: analysis)
        case .support, .orchestrator: reply = support.respond(to: request, analysis: analysis)
        }
        if analysis.requiresHumanApproval, analysis.intent != .hr, analysis.intent != .human {
            reply.text += "\nEsse assunto precisa de revisão: uma pessoa da equipe vai acompanhar."
        }
        return reply
    }
}

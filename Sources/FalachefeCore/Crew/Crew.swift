import Foundation

/// A company's crew answering one message (seed workflows 1–3): a pending booking
/// continues with a short reply; otherwise the router (LLM structured output, else the
/// built-in model) picks the intent, memories are stored and ranked, the conversation is
/// handed to the intent's agent when it changes, and that agent answers — with its
/// deterministic tools, or on the engine for open questions. Tenant and user come from
/// the request, never from a model. When the LLM fails, the built-in engine answers.
public struct Crew<Model: LanguageModel, Store: CrewStore>: Sendable {
    let model: Model
    let store: Store
    /// The LLM engine for this message; nil when not configured, over budget or its breaker is open.
    let llm: LLMEngine?

    public init(model: Model, store: Store, llm: LLMEngine? = nil) {
        self.model = model
        self.store = store
        self.llm = llm
    }

    /// Answers one message of a registered user. Throws only on infrastructure errors
    /// (store or built-in model failures) — those are the caller's to handle.
    public func respond(to request: CrewRequest) async throws -> CrewOutcome {
        var request = request
        if request.conversation.pendingAction?.isExpired(at: request.now) == true {
            request.conversation.pendingAction = nil
        }
        var trace = CrewTrace(started: .now)
        let text = request.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard case .text = request.message.kind, !text.isEmpty else {
            let answer = AgentAnswer(
                text: "Por enquanto eu só entendo mensagens de texto. Pode escrever o que você precisa?",
                agent: .support, task: "unsupported_message")
            return finish(answer, request: request, handoff: nil, relevant: [], stated: nil, trace: trace)
        }
        let desk = FinancialDesk(store: store, request: request)
        let continuation = Continuation(text, today: request.today)
        if let pending = request.conversation.pendingAction, let continuation {
            var answer: AgentAnswer
            if pending.requiresHumanApproval {
                // Only a person of the company approves; the requester's "sim" changes nothing.
                answer = AgentAnswer(
                    text: "Essa \(pending.tool == .addExpense ? "despesa" : "receita") ainda aguarda a aprovação de uma pessoa "
                        + "da equipe. Assim que aprovarem, eu registro.", agent: .financial, task: "awaiting_approval")
            } else {
                answer = try await FinancialAgent(desk: desk).continue(pending, with: continuation)
                answer.task = "continue_" + answer.task
            }
            let handoff = handoffRecord(to: .financial, reason: "continuação da ação pendente", request: request, trace: &trace)
            return finish(answer, request: request, handoff: handoff, relevant: [], stated: nil, trace: trace)
        }
        var analysis = try await route(request, text: text, trace: &trace)
        let stated = MemoryExtractor.extract(from: text, request: request)
        let relevant = MemoryRanker.rank(request.memories, for: text, now: request.now)
        var role = AgentRole(intent: analysis.intent)
        if continuation != nil, analysis.action == .help, let current = request.conversation.currentAgent, current != .orchestrator {
            role = current
            if current == .financial, let day = continuation?.day {
                analysis = MessageAnalysis(
                    intent: .financial, action: .cashFlowReport,
                    entities: .init(period: PeriodParser.period(argument: "\(day)", today: request.today)))
            }
        }
        if request.agent(role)?.isActive != true {
            let answer = AgentAnswer(
                text: "No momento o assistente de \(role.portugueseName) está desativado pela \(request.tenant.name). "
                    + "Posso ajudar com outra coisa?", agent: .support, task: "agent_disabled")
            return finish(answer, request: request, handoff: nil, relevant: relevant, stated: stated, trace: trace)
        }
        let handoff = handoffRecord(to: role, reason: "intenção \(analysis.intent.rawValue)/\(analysis.action.rawValue)", request: request, trace: &trace)
        var answer = try await answer(
            role: role, analysis: analysis, request: request, desk: desk, relevant: relevant, stated: stated,
            continuation: continuation, handoff: handoff, trace: &trace)
        if analysis.requiresHumanApproval, answer.escalation == nil {
            answer.escalation = "aprovação humana: \(analysis.action.rawValue)"
            // The built-in HR agent words its own notice; every other answer gets this one.
            if !(role == .hr && answer.model == nil), analysis.intent != .human {
                answer.text += "\nEsse assunto precisa de revisão: uma pessoa da equipe vai acompanhar."
            }
        }
        if let pending = request.conversation.pendingAction, !pending.requiresHumanApproval, answer.pending == .keep,
           role != .financial {
            answer.text += "\n(Sua \(pending.tool == .addExpense ? "despesa" : "receita") \"\(pending.description.prefix(40))\" "
                + "continua pendente: é só me mandar o que falta.)"
        }
        return finish(answer, request: request, handoff: handoff, relevant: relevant, stated: stated, trace: trace)
    }

    /// The router: one structured-output call on the LLM, else (or when it fails) the built-in model.
    private func route(_ request: CrewRequest, text: String, trace: inout CrewTrace) async throws -> MessageAnalysis {
        if let llm, trace.llmUsable {
            do {
                let routed = try await llm.route(request)
                trace.record(usage: routed.usage, model: routed.model, cost: routed.cost)
                return routed.analysis
            } catch {
                trace.fail(error)
            }
        }
        return try await model.analyze(text, today: request.today)
    }

    /// A handoff when `role` differs from the conversation's current agent (none for the first message).
    private func handoffRecord(to role: AgentRole, reason: String, request: CrewRequest, trace: inout CrewTrace) -> HandoffRecord? {
        guard let current = request.conversation.currentAgent, current != role else { return nil }
        let started = ContinuousClock.now
        let record = HandoffRecord(from: current, to: role, reason: reason, summary: HandoffSummary.make(request), at: request.now)
        trace.handoffDuration = ContinuousClock.now - started
        return record
    }
}

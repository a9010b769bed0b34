import Foundation

extension Crew {
    /// The chosen agent's answer: a deterministic action when the router named one,
    /// otherwise the engine — the LLM's tool loop, or the built-in texts when the LLM is
    /// absent or failed.
    func answer(
        role: AgentRole, analysis: MessageAnalysis, request: CrewRequest, desk: FinancialDesk<Store>, relevant: [CrewMemory],
        stated: CrewMemory?, continuation: Continuation?, handoff: HandoffRecord?, trace: inout CrewTrace
    ) async throws -> AgentAnswer {
        switch role {
        case .financial:
            if let answer = try await FinancialAgent(desk: desk).respond(analysis: analysis) { return answer }
        case .support, .orchestrator:
            let support = SupportAgent(store: store, request: request)
            if let answer = try await support.respond(analysis: analysis, stated: stated) { return answer }
        case .marketing, .hr:
            break
        }
        if let llm, trace.llmUsable, let agent = request.agent(role) {
            var toolbox = CrewToolbox(desk: desk, allowed: agent.tools)
            do {
                let run = try await llm.converse(agent: agent, request: request, relevant: relevant, handoff: handoff, toolbox: &toolbox)
                trace.record(usage: run.usage, model: run.model, cost: run.cost)
                var answer = AgentAnswer(text: run.text, agent: role, task: analysis.action.rawValue, toolCalls: toolbox.calls)
                answer.pending = toolbox.pending
                answer.escalation = toolbox.escalation
                answer.memories = toolbox.memories
                answer.ledgerEntries = toolbox.desk.staged
                answer.profileChanged = toolbox.profileChanged
                answer.model = run.model
                return answer
            } catch let error as CancellationError {
                throw error
            } catch {
                trace.fail(error)
            }
        }
        return builtinAnswer(role: role, analysis: analysis, request: request, relevant: relevant, continuation: continuation)
    }

    /// The built-in engine's answer to an open message.
    func builtinAnswer(
        role: AgentRole, analysis: MessageAnalysis, request: CrewRequest, relevant: [CrewMemory], continuation: Continuation?
    ) -> AgentAnswer {
        let task = analysis.action.rawValue
        switch role {
        case .financial:
            return AgentAnswer(text: FinancialGlossary.explain(request.message.text), agent: .financial, task: task)
        case .marketing:
            let text = continuation?.isYes == true
                ? MarketingAgent.plan(for: request) : MarketingAgent().respond(to: request, analysis: analysis).text
            return AgentAnswer(text: text, agent: .marketing, task: task)
        case .hr:
            var answer = AgentAnswer(text: HRAgent().respond(to: request, analysis: analysis).text, agent: .hr, task: task)
            if analysis.requiresHumanApproval { answer.escalation = "RH: demissão ou tema jurídico" }
            return answer
        case .support, .orchestrator:
            return SupportAgent(store: store, request: request).builtinAnswer(relevant: relevant)
        }
    }
}

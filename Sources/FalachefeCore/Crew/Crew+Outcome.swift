import Foundation

extension Crew {
    /// Turns the agent's answer into the outcome: the reply, the conversation's new state,
    /// the task record and the memories — all committed with the reply.
    func finish(
        _ answer: AgentAnswer, request: CrewRequest, handoff: HandoffRecord?, relevant: [CrewMemory], stated: CrewMemory?,
        trace: CrewTrace
    ) -> CrewOutcome {
        var state = request.conversation
        state.userID = request.user.id
        state.currentAgent = answer.agent
        state.updatedAt = request.now
        if let handoff {
            state.handoffHistory.append(handoff)
            state.handoffHistory = Array(state.handoffHistory.suffix(ConversationState.handoffHistoryLimit))
        }
        switch answer.pending {
        case .keep: break
        case .set(let pending): state.pendingAction = pending
        case .clear: state.pendingAction = nil
        }
        if answer.escalation != nil {
            state.requiresHumanApproval = true
            state.humanApprovalStatus = .pending
        }
        let elapsed = ContinuousClock.now - trace.started
        let task = CrewTaskRecord(
            tenantID: request.tenant.id, conversationID: state.id, messageID: request.message.messageID, agent: answer.agent,
            description: answer.task, status: .completed, engine: trace.llmSucceeded == true ? .llm : .builtin,
            model: trace.model, toolCalls: answer.toolCalls, errorMessage: trace.llmFailure,
            executionTimeMs: Int(elapsed.seconds * 1000), usage: trace.usage, costUsd: trace.cost, createdAt: request.now)
        var memories = answer.memories
        if let stated { memories.insert(stated, at: 0) }
        let effects = CrewEffects(
            conversation: state, tasks: [task], memories: memories, accessedMemoryIDs: relevant.map(\.id),
            ledgerEntries: answer.ledgerEntries)
        return CrewOutcome(
            reply: Reply(text: answer.text, agent: answer.agent.rawValue), effects: effects, handoff: handoff,
            handoffDuration: handoff == nil ? nil : trace.handoffDuration, engine: task.engine,
            llmSucceeded: trace.llmSucceeded, llmFailure: trace.llmFailure, model: trace.model, usage: trace.usage,
            costUsd: trace.cost, profileChanged: answer.profileChanged)
    }
}

import Foundation

/// An agent answering on the LLM path: its system prompt (role, goal, backstory, company,
/// user, memories, handoff summary), the conversation's recent turns, and its tools as
/// functions, in a loop of at most `maxIterations` calls. The last call offers no tools,
/// so the loop always ends with text.
extension LLMEngine {
    struct AgentRun: Sendable {
        var text: String
        var usage: TokenUsage
        var model: String
        var cost: Double
    }

    func converse<Store: CrewStore>(
        agent: CrewAgentProfile, request: CrewRequest, relevant: [CrewMemory], handoff: HandoffRecord?,
        toolbox: inout CrewToolbox<Store>
    ) async throws -> AgentRun {
        var messages = [ChatMessage.system(Self.agentPrompt(agent, request: request, relevant: relevant, handoff: handoff))]
        messages += request.recentTurns.suffix(6).map {
            ChatMessage(role: $0.direction == .inbound ? .user : .assistant, content: $0.text)
        }
        messages.append(.user(request.message.text))
        let tools = CrewTools.definitions(agent.tools.filter(toolbox.allowed.contains))
        var usage = TokenUsage()
        var cost = 0.0
        for iteration in 0..<maxIterations {
            let offerTools = !tools.isEmpty && iteration < maxIterations - 1
            let chat = ChatCompletionRequest(
                model: model, messages: messages, tools: offerTools ? tools : [], temperature: agent.config.temperature,
                maxTokens: agent.config.maxTokens)
            let (completion, callCost) = try await call(chat)
            usage = usage + completion.usage
            cost += callCost
            let reply = completion.message
            if reply.toolCalls.isEmpty || !offerTools {
                guard let text = reply.content?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    throw ChatCompletionError.malformedResponse("agent answered without text")
                }
                return AgentRun(text: text, usage: usage, model: completion.model, cost: cost)
            }
            messages.append(ChatMessage(role: .assistant, content: reply.content, toolCalls: reply.toolCalls))
            for call in reply.toolCalls {
                let result = try await toolbox.execute(call)
                messages.append(ChatMessage(role: .tool, content: result, toolCallID: call.id))
            }
        }
        throw ChatCompletionError.malformedResponse("tool loop ended without an answer")
    }

    static func agentPrompt(
        _ agent: CrewAgentProfile, request: CrewRequest, relevant: [CrewMemory], handoff: HandoffRecord?
    ) -> String {
        var lines = [
            "Você é \(agent.name), agente \(agent.role.rawValue) da equipe de assistentes da empresa \(request.tenant.name)"
                + (request.tenant.settings.sector.map { " (ramo: \($0))" } ?? "") + ".",
            "Objetivo: \(agent.goal)",
            "História: \(agent.backstory)",
            "Você conversa pelo WhatsApp com \(request.user.name) (\(request.user.role.rawValue)). Hoje é \(request.today.brazilian).",
            "Responda em português, curto e prático (até 6 linhas), sem tabelas. Para perguntas, resposta curta; planos longos só se pedidos.",
            "Use as ferramentas para consultar ou registrar dados da empresa; nunca invente valores nem diga que registrou sem a ferramenta.",
        ]
        if let instructions = agent.config.instructions, !instructions.isEmpty { lines.append("Instruções: \(instructions)") }
        if !relevant.isEmpty {
            lines.append("O que você sabe deste usuário:")
            lines += relevant.map { "- \($0.content)" }
        }
        if let handoff { lines.append("A conversa veio do agente \(handoff.from?.rawValue ?? "nenhum"): \(handoff.summary)") }
        if let pending = request.conversation.pendingAction {
            lines.append("Pendente: \(pending.tool == .addExpense ? "despesa" : "receita") \"\(pending.description)\" aguardando o usuário.")
        }
        return lines.joined(separator: "\n")
    }
}

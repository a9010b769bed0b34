import Foundation

/// Greets with the user's name and company, explains what the crew does, applies profile
/// updates, acknowledges what it will remember, answers from memory, and hands the
/// conversation to a person on request.
struct SupportAgent<Store: CrewStore>: Sendable {
    let store: Store
    let request: CrewRequest

    private static var thanks: Set<String> { ["obrigado", "obrigada", "valeu", "brigado", "thanks", "thank", "agradeco"] }

    /// The deterministic answer for `analysis`, or nil when the message is an open question.
    func respond(analysis: MessageAnalysis, stated: CrewMemory?) async throws -> AgentAnswer? {
        let name = Self.firstName(of: request.user)
        let company = request.tenant.name
        switch analysis.intent == .human ? .escalate : analysis.action {
        case .escalate:
            var answer = answer(
                "Certo, \(name)! Já avisei a equipe da \(company): uma pessoa vai te responder aqui mesmo, assim que possível.",
                "escalate")
            answer.escalation = "pedido do usuário"
            answer.toolCalls = [CrewTools.requestHuman]
            return answer
        case .greet:
            return answer(
                "Olá, \(name)! Sou o assistente da \(company). Anoto gastos e vendas, mostro seu saldo e "
                    + "dou ideias de marketing e RH. Como posso ajudar hoje?", "greet")
        case .updateProfile:
            guard let update = ProfileUpdate(request.message.text) else { return nil }
            return try await apply(update)
        case .remember:
            guard let stated else { return nil }
            var answer = answer("Anotado, \(name)! Vou lembrar disso: \"\(stated.content)\".", "remember")
            answer.toolCalls = [CrewTools.rememberFact]
            return answer
        default:
            if CrewText(request.message.text).has(Self.thanks) {
                return answer("Por nada, \(name)! Quando precisar, é só mandar mensagem.", "thanks")
            }
            return nil
        }
    }

    /// The built-in answer to an open question: what the user told before, else help.
    func builtinAnswer(relevant: [CrewMemory]) -> AgentAnswer {
        let name = Self.firstName(of: request.user)
        if CrewText(request.message.text).isQuestion, let memory = relevant.first {
            return answer("\(name), você me contou: \"\(memory.content)\".", "recall")
        }
        return answer(Self.help(name: name), "help")
    }

    /// update_profile: the user's own name and e-mail; company name and sector for admins only.
    func apply(_ update: ProfileUpdate) async throws -> AgentAnswer {
        var changes: [String] = []
        if update.name != nil || update.email != nil {
            try await store.updateUserProfile(tenantID: request.tenant.id, userID: request.user.id, name: update.name, email: update.email)
            if let name = update.name { changes.append("nome \(name)") }
            if let email = update.email { changes.append("e-mail \(email)") }
        }
        var refused = false
        if update.companyName != nil || update.sector != nil {
            if request.user.role == .admin {
                var settings = request.tenant.settings
                settings.sector = update.sector ?? settings.sector
                try await store.updateTenantProfile(
                    tenantID: request.tenant.id, name: update.companyName ?? request.tenant.name, settings: settings)
                if let company = update.companyName { changes.append("empresa \(company)") }
                if let sector = update.sector { changes.append("ramo \(sector)") }
            } else {
                refused = true
            }
        }
        let name = update.name.map { Self.firstName(of: $0) } ?? Self.firstName(of: request.user)
        var text = changes.isEmpty ? "\(name), não mudei nada no seu cadastro." : "Prazer, \(name)! Atualizei: \(changes.joined(separator: "; "))."
        if refused { text += " Os dados da empresa só podem ser mudados por um administrador." }
        var answer = answer(text, CrewTools.updateProfile)
        answer.toolCalls = changes.isEmpty ? [] : [CrewTools.updateProfile]
        answer.profileChanged = !changes.isEmpty
        return answer
    }

    private func answer(_ text: String, _ task: String) -> AgentAnswer {
        AgentAnswer(text: text, agent: .support, task: task)
    }

    /// What the crew does, with examples the built-in model understands.
    static func help(name: String) -> String {
        [
            "\(name), posso ajudar com:",
            "• Anotar gastos: \"gastei 50 reais no almoço\"",
            "• Anotar vendas: \"vendi 1.500 hoje\"",
            "• Saldo e fluxo de caixa: \"qual meu saldo?\"",
            "• Gastos por categoria: \"onde estou gastando mais?\"",
            "• Orçamento: \"orçamento de 500 para alimentação\"",
            "• Ideias de marketing: \"ideias para o Instagram\"",
            "• RH: \"como funcionam as férias?\"",
            "• Falar com uma pessoa: \"quero falar com um atendente\"",
        ].joined(separator: "\n")
    }

    /// The first word of the user's name, or a neutral greeting when it is empty.
    static func firstName(of user: CompanyUser) -> String {
        firstName(of: user.name)
    }

    static func firstName(of name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "Tudo bem"
    }
}

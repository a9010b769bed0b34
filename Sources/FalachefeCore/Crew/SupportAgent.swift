import Foundation

/// Greets, explains what the crew does, and hands the conversation to a person on request.
struct SupportAgent: Sendable {
    private static let thanks: Set<String> = ["obrigado", "obrigada", "valeu", "brigado", "thanks", "thank", "agradeco"]

    func respond(to request: CrewRequest, analysis: MessageAnalysis) -> Reply {
        let name = Self.firstName(of: request.user)
        let company = request.tenant.name
        let text: String
        switch analysis.intent == .human ? .escalate : analysis.action {
        case .escalate:
            text = "Certo, \(name)! Já avisei a equipe da \(company): uma pessoa vai te responder aqui mesmo, "
                + "assim que possível."
        case .greet:
            text = "Olá, \(name)! Sou o assistente da \(company). Anoto gastos e vendas, mostro seu saldo e "
                + "dou ideias de marketing e RH. Como posso ajudar hoje?"
        default:
            text = CrewText(request.message.text).has(Self.thanks)
                ? "Por nada, \(name)! Quando precisar, é só mandar mensagem."
                : Self.help(name: name)
        }
        return Reply(text: text, agent: AgentRole.support.rawValue)
    }

    /// What the crew does, with examples the built-in model understands.
    static func help(name: String) -> String {
        [
            "\(name), posso ajudar com:",
            "• Anotar gastos: \"gastei 50 reais no almoço\"",
            "• Anotar vendas: \"vendi 1.500 hoje\"",
            "• Saldo e fluxo de caixa: \"qual meu saldo?\"",
            "• Gastos por categoria: \"onde estou gastando mais?\"",
            "• Ideias de marketing: \"ideias para o Instagram\"",
            "• RH: \"como funcionam as férias?\"",
            "• Falar com uma pessoa: \"quero falar com um atendente\"",
        ].joined(separator: "\n")
    }

    /// The first word of the user's name, or a neutral greeting when it is empty.
    static func firstName(of user: CompanyUser) -> String {
        user.name.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? "Tudo bem"
    }
}

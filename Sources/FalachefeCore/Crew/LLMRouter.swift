import Foundation

/// The router on the LLM path: one chat call asking for a JSON object, validated into a
/// `MessageAnalysis`. Anything the model gets wrong (unknown intent, bad amount) is an
/// error, so the crew falls back to the built-in router instead of guessing.
extension LLMEngine {
    struct Routed: Sendable {
        var analysis: MessageAnalysis
        var usage: TokenUsage
        var model: String
        var cost: Double
    }

    func route(_ request: CrewRequest) async throws -> Routed {
        let chat = ChatCompletionRequest(
            model: model, messages: [.system(Self.routerPrompt(request)), .user(request.message.text)], jsonResponse: true,
            temperature: 0)
        let (completion, cost) = try await call(chat)
        guard let content = completion.message.content, let data = content.data(using: .utf8) else {
            throw ChatCompletionError.malformedResponse("router answer has no content")
        }
        let decoded: RouterAnswer
        do {
            decoded = try JSONDecoder().decode(RouterAnswer.self, from: data)
        } catch {
            throw ChatCompletionError.malformedResponse("router answer is not the expected JSON object")
        }
        return Routed(analysis: try decoded.analysis(today: request.today), usage: completion.usage, model: completion.model, cost: cost)
    }

    static func routerPrompt(_ request: CrewRequest) -> String {
        let actions = MessageAnalysis.Action.allCases.map(\.rawValue).joined(separator: "|")
        return """
            Você é o roteador da equipe de assistentes da empresa \(request.tenant.name). Classifique a mensagem do usuário \
            e responda apenas com um objeto JSON: {"intent": "financial|marketing|hr|support|greeting|human", \
            "action": "\(actions)", "complexity": "simple|medium|complex", "entities": {"amount": número em reais ou null, \
            "date": "yyyy-mm-dd" ou null, "category": texto ou null, "period": texto ou null, "people": [nomes]}, \
            "requiresHumanApproval": true|false}.
            Regras: registrar venda ou recebimento é add_income e gasto é add_expense (mesmo com palavras de marketing); \
            quem a pessoa é ou o que a empresa é ("meu nome é…") é update_profile; um fato ou preferência para lembrar é \
            remember; pedir uma pessoa é human/escalate; demissões, temas jurídicos e pagamentos grandes exigem aprovação humana.
            Hoje é \(request.today). Agente atual da conversa: \(request.conversation.currentAgent?.rawValue ?? "nenhum").
            """
    }
}

/// The router's JSON answer.
struct RouterAnswer: Decodable {
    struct Entities: Decodable {
        var amount: Double?
        var date: String?
        var category: String?
        var period: String?
        var people: [String]?
    }

    var intent: String?
    var action: String?
    var complexity: String?
    var entities: Entities?
    var requiresHumanApproval: Bool?

    func analysis(today: LedgerDay) throws -> MessageAnalysis {
        guard let action = action.flatMap(MessageAnalysis.Action.init(rawValue:)) else {
            throw ChatCompletionError.malformedResponse("router answered an unknown action")
        }
        let intent = intent.flatMap(MessageAnalysis.Intent.init(rawValue:)) ?? Self.intent(of: action)
        var result = MessageAnalysis(
            intent: intent, action: action, complexity: complexity.flatMap(MessageAnalysis.Complexity.init(rawValue:)) ?? .simple,
            requiresHumanApproval: requiresHumanApproval ?? false)
        if let amount = entities?.amount {
            guard let cents = MoneyParser.cents(reais: amount) else {
                throw ChatCompletionError.malformedResponse("router answered an impossible amount")
            }
            result.entities.amountCents = cents
        }
        result.entities.day = entities?.date.flatMap(LedgerDay.init(iso:))
        result.entities.category = entities?.category.flatMap(Self.category)
        result.entities.period = PeriodParser.period(argument: entities?.period, today: today)
        result.entities.people = Array((entities?.people ?? []).prefix(10).map { String($0.prefix(60)) })
        return result
    }

    /// The known category of that name, else the name itself (short, capitalised).
    static func category(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let known = FinanceCategory.allCases.first(where: { CrewText.fold($0.rawValue) == CrewText.fold(trimmed) }) {
            return known.rawValue
        }
        return CategoryClassifier.category(for: trimmed)?.rawValue ?? String(trimmed.prefix(40)).capitalized
    }

    static func intent(of action: MessageAnalysis.Action) -> MessageAnalysis.Intent {
        switch action {
        case .addExpense, .addIncome, .cashFlowReport, .categoryBreakdown, .listTransactions, .budgetPlan, .financialQuestion:
            .financial
        case .marketingAdvice: .marketing
        case .hrAdvice: .hr
        case .help, .updateProfile, .remember: .support
        case .greet: .greeting
        case .escalate: .human
        }
    }
}

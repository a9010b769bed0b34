import Foundation

/// Executes the tool calls of the LLM path with server-injected ids: the model names a
/// tool and its arguments; tenant, user and idempotency keys come from the request.
/// Bad arguments come back to the model as `{"error": …}`; store failures throw.
struct CrewToolbox<Store: CrewStore>: Sendable {
    /// Holds what the tools booked so far (`staged`): later reports of the same loop count it.
    private(set) var desk: FinancialDesk<Store>
    /// The tools the agent may call.
    let allowed: Set<String>
    var calls: [String] = []
    var pending: AgentAnswer.PendingChange = .keep
    var escalation: String?
    var memories: [CrewMemory] = []
    var profileChanged = false
    private var bookings = 0

    init(desk: FinancialDesk<Store>, allowed: [String]) {
        self.desk = desk
        self.allowed = Set(allowed).intersection(CrewTools.all)
    }

    var request: CrewRequest { desk.request }

    mutating func execute(_ call: ToolCall) async throws -> String {
        guard allowed.contains(call.name) else { return Self.json(["error": "ferramenta indisponível: \(call.name)"]) }
        guard let arguments = Self.object(call.arguments) else { return Self.json(["error": "argumentos não são um objeto JSON"]) }
        calls.append(call.name)
        switch call.name {
        case CrewTools.addExpense, CrewTools.addIncome:
            return try await book(call.name == CrewTools.addExpense ? .addExpense : .addIncome, arguments)
        case CrewTools.cashFlowReport:
            let period = PeriodParser.period(argument: arguments["period"] as? String, today: request.today)
                ?? PeriodParser.currentMonth(today: request.today)
            let summary = try await desk.summary(period)
            return Self.json([
                "period": period.label, "from": "\(period.from)", "to": "\(period.to)", "income": BRL.format(cents: summary.incomeCents),
                "expenses": BRL.format(cents: summary.expenseCents), "balance": BRL.format(cents: summary.balanceCents),
            ])
        case CrewTools.categoryBreakdown:
            let period = PeriodParser.period(argument: arguments["period"] as? String, today: request.today)
                ?? PeriodParser.currentMonth(today: request.today)
            let kind: LedgerEntry.Kind = (arguments["type"] as? String) == "income" ? .income : .expense
            return Self.json(["report": FinancialReplies.breakdown(try await desk.summary(period), period: period, kind: kind)])
        case CrewTools.listTransactions:
            let period = PeriodParser.period(argument: arguments["period"] as? String, today: request.today)
                ?? PeriodParser.currentMonth(today: request.today)
            let category = (arguments["category"] as? String).flatMap(RouterAnswer.category)
            let entries = try await desk.transactions(period, category: category)
            return Self.json(["report": FinancialReplies.transactions(entries, period: period, category: category)])
        case CrewTools.budgetPlan:
            return try await budget(arguments)
        case CrewTools.rememberFact:
            return remember(arguments)
        case CrewTools.requestHuman:
            escalation = String(((arguments["reason"] as? String) ?? "pedido do agente").prefix(200))
            return Self.json(["status": "a equipe foi avisada"])
        case CrewTools.updateProfile:
            var update = ProfileUpdate(name: arguments["name"] as? String, email: arguments["email"] as? String)
            update.companyName = arguments["companyName"] as? String
            update.sector = arguments["sector"] as? String
            let answer = try await SupportAgent(store: desk.store, request: request).apply(update)
            profileChanged = profileChanged || answer.profileChanged
            return Self.json(["result": answer.text])
        default:
            return Self.json(["error": "ferramenta desconhecida"])
        }
    }

    private mutating func book(_ tool: PendingAction.Tool, _ arguments: [String: Any]) async throws -> String {
        guard let cents = ((arguments["amount"] as? NSNumber)?.doubleValue).flatMap(MoneyParser.cents(reais:)) else {
            return Self.json(["error": "amount precisa ser um número positivo em reais"])
        }
        bookings += 1
        let key = bookings == 1 ? request.message.messageID : "\(request.message.messageID)#\(bookings)"
        let pendingAction = PendingAction(
            tool: tool, amountCents: cents,
            category: (arguments["category"] as? String).flatMap(RouterAnswer.category)
                ?? (tool == .addIncome ? FinanceCategory.vendas.rawValue : FinanceCategory.outros.rawValue),
            day: (arguments["date"] as? String).flatMap(LedgerDay.init(iso:)),
            description: (arguments["description"] as? String) ?? request.message.text, sourceMessageID: key,
            createdAt: request.now)
        let answer = try await FinancialAgent(desk: desk).advance(pendingAction)
        for entry in answer.ledgerEntries { desk.stage(entry) }
        pending = answer.pending
        escalation = answer.escalation ?? escalation
        let booked = answer.toolCalls.contains(tool.rawValue)
        return Self.json(["status": booked ? "booked" : "waiting_for_user", "message": answer.text])
    }

    private func budget(_ arguments: [String: Any]) async throws -> String {
        let month = (arguments["month"] as? String).flatMap { LedgerDay(iso: $0 + "-01") } ?? request.today
        var limits: [String: Int64] = [:]
        for (name, value) in (arguments["limits"] as? [String: Any]) ?? [:] {
            guard let cents = ((value as? NSNumber)?.doubleValue).flatMap(MoneyParser.cents(reais:)),
                  let category = RouterAnswer.category(name) else {
                return Self.json(["error": "limite inválido para \(name)"])
            }
            limits[category] = cents
        }
        let statuses = try await desk.budgetPlan(month: month, limits: limits)
        return Self.json(["report": FinancialReplies.budget(statuses, month: month, changed: !limits.isEmpty)])
    }

    private mutating func remember(_ arguments: [String: Any]) -> String {
        guard let content = (arguments["content"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines), !content.isEmpty else {
            return Self.json(["error": "content é obrigatório"])
        }
        let kind = (arguments["type"] as? String).flatMap(CrewMemory.Kind.init(rawValue:)) ?? .fact
        let importance = (arguments["importance"] as? NSNumber)?.intValue ?? 5
        memories.append(CrewMemory(
            tenantID: request.tenant.id, userID: request.user.id, conversationID: request.conversation.id, kind: kind,
            category: "llm", content: String(content.prefix(MemoryExtractor.contentLimit)), importance: importance,
            createdAt: request.now))
        return Self.json(["status": "guardado"])
    }

    static func object(_ text: String) -> [String: Any]? {
        let source = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "{}" : text
        return (try? JSONSerialization.jsonObject(with: Data(source.utf8))) as? [String: Any]
    }

    static func json(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

import Foundation

/// The financial agent's deterministic actions: booking (with its multi-turn pending
/// action, confirmation and approval threshold), reports, budgets and transaction lists.
/// Both engines use it once the router named the action; a booking's confirmation and its
/// entry leave together in the answer, to be committed in one transaction.
struct FinancialAgent<Store: CrewStore>: Sendable {
    let desk: FinancialDesk<Store>
    var request: CrewRequest { desk.request }
    var settings: TenantSettings.FinanceSettings { request.tenant.settings.finance }

    func respond(analysis: MessageAnalysis) async throws -> AgentAnswer? {
        let entities = analysis.entities
        switch analysis.action {
        case .addExpense, .addIncome:
            let pending = PendingAction(
                tool: analysis.action == .addIncome ? .addIncome : .addExpense, amountCents: entities.amountCents,
                category: entities.category ?? (analysis.action == .addIncome ? FinanceCategory.vendas.rawValue : nil),
                day: entities.day, description: request.message.text, sourceMessageID: request.message.messageID,
                createdAt: request.now)
            return try await advance(pending)
        case .cashFlowReport:
            let period = reportPeriod(entities)
            let summary = try await desk.summary(period)
            return answer(FinancialReplies.cashFlow(summary, period: period, category: entities.category), CrewTools.cashFlowReport, called: true)
        case .categoryBreakdown:
            let period = reportPeriod(entities)
            let kind: LedgerEntry.Kind = CrewText(request.message.text).has(IntentVocabulary.incomeVerbs) ? .income : .expense
            let summary = try await desk.summary(period)
            return answer(FinancialReplies.breakdown(summary, period: period, kind: kind), CrewTools.categoryBreakdown, called: true)
        case .listTransactions:
            let period = reportPeriod(entities)
            let entries = try await desk.transactions(period, category: entities.category)
            return answer(
                FinancialReplies.transactions(entries, period: period, category: entities.category), CrewTools.listTransactions,
                called: true)
        case .budgetPlan:
            let month = entities.period?.from ?? request.today
            let limits = BudgetParser.limits(in: request.message.text)
            let statuses = try await desk.budgetPlan(month: month, limits: limits)
            return answer(FinancialReplies.budget(statuses, month: month, changed: !limits.isEmpty), CrewTools.budgetPlan, called: true)
        default:
            return nil
        }
    }

    /// Continues a pending booking with a short reply ("sim", "1.500", "ontem", "aluguel").
    func `continue`(_ pending: PendingAction, with reply: Continuation) async throws -> AgentAnswer {
        if reply.isNo, reply.amountCents == nil {
            var answer = answer("Tudo bem, não registrei nada. Se quiser anotar depois, é só me mandar.", "cancel_booking")
            answer.pending = .clear
            return answer
        }
        if reply.isYes, pending.awaitingConfirmation {
            return try await book(pending)
        }
        return try await advance(reply.fill(pending))
    }

    /// Asks for what is missing, waits for approval or confirmation, or books.
    func advance(_ pending: PendingAction) async throws -> AgentAnswer {
        let kindName = pending.tool == .addExpense ? "despesa" : "receita"
        if pending.missing.contains(.amount) {
            let example = pending.tool == .addExpense ? "150,00" : "1.500"
            var answer = answer("Certo! Qual foi o valor dessa \(kindName)? Pode mandar só o número, por exemplo \(example).", pending.tool.rawValue)
            answer.pending = .set(pending)
            return answer
        }
        if pending.missing.contains(.category) {
            var answer = answer(
                "De que foi essa \(kindName) de \(BRL.format(cents: pending.amountCents ?? 0))? "
                    + "Por exemplo: aluguel, mercadorias, alimentação, transporte.", pending.tool.rawValue)
            answer.pending = .set(pending)
            return answer
        }
        let amount = pending.amountCents ?? 0
        if pending.tool == .addExpense, let threshold = settings.humanApprovalAboveCents, amount > threshold {
            var waiting = pending
            waiting.requiresHumanApproval = true
            var answer = answer(
                "Essa despesa de \(BRL.format(cents: amount)) passa do limite de aprovação da empresa "
                    + "(\(BRL.format(cents: threshold))). Deixei pendente: uma pessoa da equipe vai aprovar antes de eu registrar.",
                pending.tool.rawValue)
            answer.pending = .set(waiting)
            answer.escalation = "despesa acima do limite de aprovação"
            return answer
        }
        if settings.confirmBookings, !pending.awaitingConfirmation {
            var waiting = pending
            waiting.awaitingConfirmation = true
            let day = (pending.day ?? request.today).brazilian
            var answer = answer(
                "Confirma \(kindName) de \(BRL.format(cents: amount)) em \(pending.category ?? "outros") (\(day))? Responda sim ou não.",
                pending.tool.rawValue)
            answer.pending = .set(waiting)
            return answer
        }
        return try await book(pending)
    }

    /// Books a complete pending action, keyed by the message that started it.
    private func book(_ pending: PendingAction) async throws -> AgentAnswer {
        var desk = desk
        let booking = try await desk.book(
            pending.tool == .addExpense ? .expense : .income, amountCents: pending.amountCents ?? 0,
            category: pending.category, day: pending.day, description: pending.description, key: pending.sourceMessageID)
        var answer = answer(FinancialReplies.booked(booking, today: request.today), pending.tool.rawValue, called: true)
        answer.pending = .clear
        answer.ledgerEntries = [booking.entry]
        return answer
    }

    /// The period asked for, else the user's preferred report period, else this month.
    private func reportPeriod(_ entities: MessageAnalysis.Entities) -> Period {
        entities.period ?? MemoryPreferences.reportPeriod(request.memories, today: request.today)
            ?? PeriodParser.currentMonth(today: request.today)
    }

    /// An answer to the task `task`; `called` when the tool of that name really ran.
    private func answer(_ text: String, _ task: String, called: Bool = false) -> AgentAnswer {
        AgentAnswer(text: text, agent: .financial, task: task, toolCalls: called ? [task] : [])
    }
}

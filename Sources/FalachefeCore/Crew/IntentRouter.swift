import Foundation

/// The ordered keyword rules that pick an intent and an action for one message.
struct IntentRouter {
    typealias V = IntentVocabulary

    let text: CrewText
    let amountCents: Int64?
    /// Whether the message names a report period ("este mês", "março").
    let mentionsPeriod: Bool

    /// Rules in priority order: an explicit human request, profile information, a fact or
    /// preference to remember, budgets, transaction lists, booking with an amount,
    /// conceptual finance questions, reports, booking without an amount, HR, marketing,
    /// help, greeting; anything else is help.
    func route() -> (intent: MessageAnalysis.Intent, action: MessageAnalysis.Action) {
        if asksForHuman { return (.human, .escalate) }
        if !text.isQuestion, ProfileUpdate(text.raw) != nil { return (.support, .updateProfile) }
        if MemoryExtractor.statesMemory(text) { return (.support, .remember) }
        if text.has(V.budgetWords) || text.has(anyPhrase: V.budgetPhrases) { return (.financial, .budgetPlan) }
        if text.has(V.listWords) { return (.financial, .listTransactions) }
        let asksReport = text.has(anyPhrase: V.reportPhrases) || text.has(anyPhrase: V.breakdownPhrases)
        if amountCents != nil, !asksReport, let action = bookingAction(requireVerb: false) { return (.financial, action) }
        if (text.has(anyPhrase: V.conceptPhrases) && text.has(V.financeTopics))
            || ((text.isQuestion || text.words.count <= 4) && text.has(V.conceptTopics)) {
            return (.financial, .financialQuestion)
        }
        if text.has(anyPhrase: V.breakdownPhrases) || (text.has(["categoria", "categorias"]) && mentionsMoney) {
            return (.financial, .categoryBreakdown)
        }
        if asksReport || text.has(V.reportWords) || (text.has(["quanto", "quantos"]) && mentionsMoney) {
            return (.financial, .cashFlowReport)
        }
        if mentionsPeriod, amountCents == nil, text.has(V.ledgerNouns), !text.has(anyPhrase: V.marketingPhrases) {
            return (.financial, .cashFlowReport)
        }
        if text.has(V.strongBookingVerbs), !text.isQuestion, !Self.needsHumanApproval(text), mentionsWhatWasPaid,
           let action = bookingAction(requireVerb: true) {
            return (.financial, action)
        }
        if Self.needsHumanApproval(text) || text.has(V.hrWords) || text.has(anyPhrase: V.hrPhrases) { return (.hr, .hrAdvice) }
        if text.has(V.marketingWords) || text.has(anyPhrase: V.marketingPhrases) { return (.marketing, .marketingAdvice) }
        if text.has(V.helpWords) || text.has(anyPhrase: V.helpPhrases) { return (.support, .help) }
        if text.has(V.greetingWords) || text.has(anyPhrase: V.greetingPhrases) { return (.greeting, .greet) }
        return (.support, .help)
    }

    /// Dismissals, legal matters and explicit requests for a person need a human.
    static func needsHumanApproval(_ text: CrewText) -> Bool {
        text.has(V.dismissalWords) || text.has(anyPhrase: V.dismissalPhrases)
            || text.has(V.legalWords) || text.has(anyPhrase: V.legalPhrases)
    }

    /// "falar com um atendente", "quero um humano", "chama alguém" — but not
    /// "contratar um atendente", which is HR.
    private var asksForHuman: Bool {
        if text.has(anyPhrase: V.humanPhrases) || text.has(anyPhrase: ["talk to a person", "talk to someone"]) { return true }
        if text.has(V.humanRequestVerbs), text.has(V.humanTargets) { return true }
        return text.has(V.humanWords) && !text.has(V.hrWords) && !text.has(["contratar", "contratei", "contratacao"])
    }

    /// Words about money moving: a report or breakdown question.
    private var mentionsMoney: Bool {
        text.has(V.expenseVerbs) || text.has(V.incomeVerbs)
            || text.has(["gastos", "gastando", "gasto", "dinheiro", "entradas", "saidas", "faturamento", "money"])
    }

    /// A category keyword or a payment word: "gastei no almoço", "recebi um pix" — not
    /// "recebi um processo".
    private var mentionsWhatWasPaid: Bool {
        CategoryClassifier.category(for: text.raw) != nil || text.has(V.paymentWords)
    }

    /// Expense or income, from the first money verb; with only "registrar"/"anota" or a bare
    /// category keyword ("uber 25"), from the category's kind.
    private func bookingAction(requireVerb: Bool) -> MessageAnalysis.Action? {
        let expense = text.words.firstIndex(where: V.expenseVerbs.contains)
        let income = text.words.firstIndex(where: V.incomeVerbs.contains)
        switch (expense, income) {
        case let (e?, i?): return e < i ? .addExpense : .addIncome
        case (_?, nil): return .addExpense
        case (nil, _?): return .addIncome
        case (nil, nil): break
        }
        guard !requireVerb else { return nil }
        let category = CategoryClassifier.category(for: text.raw)
        let shorthand = category != nil && text.words.count <= 6 && !text.has(V.hrWords) && !text.has(V.marketingWords)
        guard text.has(V.recordVerbs) || shorthand else { return nil }
        return category?.kind == .income ? .addIncome : .addExpense
    }
}

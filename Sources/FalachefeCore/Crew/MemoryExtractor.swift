import Foundation

/// Finds facts and preferences a user states ("meu fornecedor principal é a Distribuidora
/// X", "prefiro relatórios semanais", "lembre que o aluguel vence dia 10") and turns them
/// into memories (seed workflow 3, "store"). A statement about a topic already remembered
/// updates that memory instead of adding a second one.
enum MemoryExtractor {
    static let contentLimit = 280

    private static let preferenceStarts = ["prefiro", "gosto de receber", "quero receber", "sempre quero", "i prefer"]
    private static let rememberStarts = [
        "lembre que", "lembra que", "lembrar que", "anote que", "anota que", "guarde que", "nao esqueca que", "remember that",
    ]
    private static let possessives: Set<String> = ["meu", "minha", "nosso", "nossa", "my", "our"]
    private static let linkingVerbs: Set<String> = ["e", "sao", "fica", "chama", "is", "are"]
    /// Possessive subjects that are profile, ledger or question material, not facts.
    private static let excludedSubjects: Set<String> = [
        "nome", "email", "mail", "saldo", "caixa", "extrato", "relatorio", "lucro", "gasto", "gastos", "despesa",
        "empresa", "name",
    ]

    /// The memory `text` states, if any, merged with `existing` ones of the same topic.
    static func extract(from text: String, request: CrewRequest) -> CrewMemory? {
        let words = CrewText(text)
        guard !words.isQuestion, let (kind, category, summary, importance) = classify(words) else { return nil }
        let content = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(contentLimit))
        if let same = request.memories.first(where: { $0.kind == kind && $0.category == category }) {
            var updated = same
            updated.content = content
            updated.summary = summary
            updated.importance = max(same.importance, importance)
            updated.updatedAt = request.now
            return updated
        }
        return CrewMemory(
            tenantID: request.tenant.id, userID: request.user.id, conversationID: request.conversation.id, kind: kind,
            category: category, content: content, summary: summary, importance: importance, createdAt: request.now)
    }

    /// Whether `words` state a fact or preference worth remembering.
    static func statesMemory(_ words: CrewText) -> Bool {
        !words.isQuestion && classify(words) != nil
    }

    private static func classify(_ words: CrewText) -> (CrewMemory.Kind, String, String?, Int)? {
        if words.has(anyPhrase: rememberStarts) { return (.fact, "nota", nil, 8) }
        if preferenceStarts.contains(where: { words.firstIndex(ofPhrase: $0) == 0 }) {
            if words.has(["relatorio", "relatorios", "resumo", "resumos", "saldo", "extrato", "report", "reports"]),
               let period = reportPeriod(words) {
                return (.preference, "report_period", period, 6)
            }
            return (.preference, words.words.dropFirst().first ?? "geral", nil, 6)
        }
        // "meu fornecedor principal é …": possessive, a subject, a linking verb early on.
        guard let first = words.words.first, possessives.contains(first), words.words.count >= 4,
              let verb = words.words.prefix(5).firstIndex(where: linkingVerbs.contains), verb >= 2 else { return nil }
        let subject = words.words[1]
        guard !excludedSubjects.contains(subject) else { return nil }
        return (.fact, subject, nil, 7)
    }

    /// "semanal"/"semana" → week, "diário" → day, "mensal" → month.
    private static func reportPeriod(_ words: CrewText) -> String? {
        if words.has(["semanal", "semanais", "semana", "weekly"]) { return "week" }
        if words.has(["diario", "diarios", "dia", "daily"]) { return "day" }
        if words.has(["mensal", "mensais", "mes", "monthly"]) { return "month" }
        return nil
    }
}

/// Preferences that change how agents answer.
enum MemoryPreferences {
    /// The report period the user prefers ("prefiro relatórios semanais"), if stated.
    static func reportPeriod(_ memories: [CrewMemory], today: LedgerDay) -> Period? {
        let preference = memories.first { $0.kind == .preference && $0.category == "report_period" }
        switch preference?.summary {
        case "week": return Period(from: CrewCalendar.startOfWeek(today), to: today, label: "esta semana")
        case "day": return Period(from: today, to: today, label: "hoje")
        case "month": return PeriodParser.currentMonth(today: today)
        default: return nil
        }
    }
}

import Foundation

/// The rule-based model: Portuguese and English keyword rules, accent-insensitive and
/// word-based, plus the money, date, period and category parsers. Deterministic and
/// offline; the default `LanguageModel` and the fallback of the LLM path.
public struct BuiltinLanguageModel: LanguageModel {
    /// Longest `Entities.description`, in characters.
    public static let descriptionLimit = 80

    public init() {}

    public func analyze(_ text: String, today: LedgerDay) async throws -> MessageAnalysis {
        classify(text, today: today)
    }

    /// The synchronous analysis behind `analyze`.
    public func classify(_ text: String, today: LedgerDay) -> MessageAnalysis {
        let words = CrewText(text)
        let amount = MoneyParser.cents(in: text)
        let period = PeriodParser.period(in: text, today: today)
        let route = IntentRouter(text: words, amountCents: amount, mentionsPeriod: period != nil).route()
        var entities = MessageAnalysis.Entities(
            amountCents: amount, day: DateParser.day(in: text, today: today), period: period,
            description: Self.describe(text), people: PeopleExtractor.people(in: words))
        switch route.action {
        case .addExpense:
            entities.category = CategoryClassifier.category(for: text, kind: .expense)?.rawValue
        case .addIncome:
            entities.category = CategoryClassifier.category(for: text, kind: .income)?.rawValue
        case .cashFlowReport:
            entities.category = CategoryClassifier.category(for: text)?.rawValue
        default:
            break
        }
        let approval = route.intent == .human || IntentRouter.needsHumanApproval(words)
        return MessageAnalysis(
            intent: route.intent, action: route.action, complexity: Self.complexity(of: words),
            entities: entities, requiresHumanApproval: approval)
    }

    /// Simple: one short clause. Complex: over 35 words, or four clauses or more. Medium otherwise.
    static func complexity(of text: CrewText) -> MessageAnalysis.Complexity {
        let sentences = text.raw.split(whereSeparator: { ".!?;\n".contains($0) })
            .filter { !CrewText.split(String($0)).isEmpty }
        let clauses = max(sentences.count, 1) + text.words.filter(IntentVocabulary.conjunctions.contains).count
        let wordCount = text.words.count
        if wordCount > 35 || clauses >= 4 { return .complex }
        if wordCount > 12 || clauses > 1 { return .medium }
        return .simple
    }

    /// The message on one line, without extra spaces, cut at `descriptionLimit`.
    static func describe(_ text: String) -> String? {
        let cleaned = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !cleaned.isEmpty else { return nil }
        guard cleaned.count > descriptionLimit else { return cleaned }
        return String(cleaned.prefix(descriptionLimit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}

import Foundation

/// A short reply that continues what the conversation was doing: "sim", "não", a bare
/// amount ("1.500"), a day ("ontem"), a category ("aluguel"). It stays with the
/// conversation's current agent and its pending action instead of being routed afresh.
struct Continuation: Sendable, Hashable {
    var isYes = false
    var isNo = false
    var amountCents: Int64?
    var day: LedgerDay?
    var category: String?

    private static let yesWords: Set<String> = [
        "sim", "s", "isso", "ok", "okay", "confirmo", "confirma", "confirmado", "pode", "claro", "certo", "exato",
        "yes", "beleza", "blz", "perfeito", "correto", "manda", "quero",
    ]
    private static let noWords: Set<String> = ["nao", "n", "cancela", "cancelar", "esquece", "no", "negativo", "deixa"]
    /// Longest continuation, in words: anything longer is a new message.
    static let maximumWords = 4

    /// Reads `text` as a continuation, or nil when it says something new.
    init?(_ text: String, today: LedgerDay) {
        let words = CrewText(text)
        guard (1...Self.maximumWords).contains(words.words.count) else { return nil }
        isYes = words.has(Self.yesWords)
        isNo = words.has(Self.noWords)
        amountCents = MoneyParser.cents(in: text)
        day = DateParser.day(in: text, today: today)
        category = CategoryClassifier.category(for: text)?.rawValue
        guard isYes || isNo || amountCents != nil || day != nil || category != nil else { return nil }
        // "sim, gastei 30 no almoço" is longer than a continuation; a greeting is not one.
        if words.has(IntentVocabulary.greetingWords) { return nil }
    }

    /// Applies the values this continuation carries to a pending booking.
    func fill(_ pending: PendingAction) -> PendingAction {
        var filled = pending
        if let amountCents { filled.amountCents = amountCents }
        if let day { filled.day = day }
        if let category { filled.category = category }
        if amountCents != nil || day != nil || category != nil { filled.awaitingConfirmation = false }
        return filled
    }
}

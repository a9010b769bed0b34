import Foundation

/// A message prepared for keyword rules: lowercased, accents folded, split into words.
/// Matching is word-based ("mercado" never matches "mercadoria").
struct CrewText: Sendable, Hashable {
    /// The original text.
    let raw: String
    /// Folded words, in order ("Almoço!" → "almoco").
    let words: [String]
    /// The words as written (same positions as `words`), for case-sensitive keywords like "DAS".
    let rawWords: [String]

    init(_ text: String) {
        raw = text
        let pieces = CrewText.split(text)
        rawWords = pieces
        words = pieces.map(CrewText.fold)
    }

    /// Lowercased, diacritic-free form of `text`.
    static func fold(_ text: String) -> String {
        text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    }

    /// Splits on everything that is not a letter or a digit.
    static func split(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// Whether one of `words` occurs as a whole word.
    func has(_ candidates: Set<String>) -> Bool {
        words.contains(where: candidates.contains)
    }

    /// Whether `word` occurs as a whole word.
    func has(_ word: String) -> Bool {
        words.contains(word)
    }

    /// Whether `phrase` ("fluxo de caixa", already folded) occurs as consecutive words.
    func has(phrase: String) -> Bool {
        firstIndex(ofPhrase: phrase) != nil
    }

    /// Whether any of `phrases` occurs as consecutive words.
    func has(anyPhrase phrases: [String]) -> Bool {
        phrases.contains(where: has(phrase:))
    }

    /// Position of the first word of `phrase` (a folded, space-separated sequence).
    func firstIndex(ofPhrase phrase: String) -> Int? {
        let needle = phrase.split(separator: " ").map(String.init)
        guard !needle.isEmpty, needle.count <= words.count else { return nil }
        for start in 0...(words.count - needle.count) where words[start] == needle[0] {
            if Array(words[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    /// Whether the text reads as a question: a question mark or a leading question word.
    var isQuestion: Bool {
        if raw.contains("?") { return true }
        let questionWords: Set<String> = ["como", "quanto", "quanta", "qual", "quais", "onde", "quando", "porque", "what", "how"]
        return words.first.map(questionWords.contains) ?? false
    }
}

import Foundation

/// Maps a message to a ledger category by Portuguese keywords, accent-insensitive and
/// word-based ("mercado" is food, "mercadoria" is a supplier purchase).
public enum CategoryClassifier {
    /// The category the first matching keyword points to, preferring categories of `kind`
    /// when given. `nil` when no keyword matches (callers fall back to `Outros`).
    public static func category(for text: String, kind: LedgerEntry.Kind? = nil) -> FinanceCategory? {
        let matches = CategoryClassifier.matches(in: CrewText(text))
        if let kind, let preferred = matches.first(where: { $0.category.kind == kind }) {
            return preferred.category
        }
        return matches.first?.category
    }

    /// The category for `text`, or `Outros` when nothing matches.
    public static func classify(_ text: String, kind: LedgerEntry.Kind? = nil) -> FinanceCategory {
        category(for: text, kind: kind) ?? .outros
    }

    /// Categories with a keyword in `text`, ordered by where the keyword appears.
    private static func matches(in text: CrewText) -> [(category: FinanceCategory, position: Int)] {
        var found: [(category: FinanceCategory, position: Int)] = []
        for category in FinanceCategory.allCases where category != .outros {
            let positions = category.keywords.compactMap { position(of: $0, in: text) }
            if let first = positions.min() { found.append((category, first)) }
        }
        if let das = text.rawWords.firstIndex(of: "DAS") {
            found.removeAll { $0.category == .impostos && $0.position > das }
            if !found.contains(where: { $0.category == .impostos }) { found.append((.impostos, das)) }
        }
        return found.sorted { $0.position < $1.position }
    }

    /// Where `keyword` (a word or phrase, plurals allowed on each word) first occurs.
    private static func position(of keyword: String, in text: CrewText) -> Int? {
        let needle = keyword.split(separator: " ").map(String.init)
        let words = text.words
        guard !needle.isEmpty, needle.count <= words.count else { return nil }
        for start in 0...(words.count - needle.count) {
            let matchesAll = needle.indices.allSatisfy { offset in
                let word = words[start + offset]
                let key = needle[offset]
                return word == key || word == key + "s" || word == key + "es"
            }
            if matchesAll { return start }
        }
        return nil
    }
}

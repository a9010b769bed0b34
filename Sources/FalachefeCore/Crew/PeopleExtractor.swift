import Foundation

/// Names of people in a message: capitalised words right after a word that introduces a
/// person ("a Maria", "o funcionário João Pedro", "com a Ana"). Conservative on purpose:
/// a sentence's first word or a capitalised category is not a person.
enum PeopleExtractor {
    /// Folded words after which a capitalised word is a person's name.
    private static let introducers: Set<String> = [
        "o", "a", "funcionario", "funcionaria", "colaborador", "colaboradora", "com", "pra", "para", "pro", "do", "da",
        "chamado", "chamada", "gerente", "vendedor", "vendedora", "estagiario", "estagiaria", "cliente",
    ]
    /// Capitalised words that are not names.
    private static let notNames: Set<String> = Set(FinanceCategory.allCases.map { CrewText.fold($0.rawValue) })
        .union(["pix", "instagram", "facebook", "tiktok", "google", "whatsapp", "uber", "ifood", "clt", "rh", "mei", "natal"])

    static let limit = 10

    static func people(in text: CrewText) -> [String] {
        var names: [String] = []
        var index = 1
        while index < text.rawWords.count, names.count < limit {
            guard introducers.contains(text.words[index - 1]), isName(text.rawWords[index]), !notNames.contains(text.words[index])
            else {
                index += 1
                continue
            }
            var parts = [text.rawWords[index]]
            index += 1
            while index < text.rawWords.count, isName(text.rawWords[index]), !notNames.contains(text.words[index]), parts.count < 3 {
                parts.append(text.rawWords[index])
                index += 1
            }
            let name = parts.joined(separator: " ")
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// A capitalised word of letters (not an acronym of one letter).
    private static func isName(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.count >= 2 else { return false }
        return word.allSatisfy(\.isLetter) && !word.dropFirst().allSatisfy(\.isUppercase)
    }
}

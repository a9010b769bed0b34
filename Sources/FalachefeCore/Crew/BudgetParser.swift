import Foundation

/// Reads budget limits from a message: "orçamento de 500 para alimentação e 2.000 para
/// fornecedores", "limite: aluguel 1500; marketing 300". Each clause needs an amount and
/// a category keyword; clauses without both are ignored.
enum BudgetParser {
    static func limits(in text: String) -> [String: Int64] {
        var limits: [String: Int64] = [:]
        for clause in clauses(of: text) {
            guard let cents = MoneyParser.cents(in: clause), cents > 0,
                  let category = CategoryClassifier.category(for: clause, kind: .expense) else { continue }
            limits[category.rawValue] = cents
        }
        return limits
    }

    /// Splits on commas, semicolons, line breaks and the word "e" — but not on the comma of
    /// an amount ("1.234,56").
    private static func clauses(of text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let isDecimalComma = character == "," && index > 0 && index + 1 < characters.count
                && characters[index - 1].isNumber && characters[index + 1].isNumber
            if (character == "," && !isDecimalComma) || character == ";" || character == "\n" {
                clauses.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        clauses.append(current)
        return clauses.flatMap { $0.components(separatedBy: " e ") }
    }
}

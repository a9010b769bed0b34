import Foundation

/// Walks a text and lists the numbers that may be money, with their context.
struct MoneyScanner {
    /// A number found in the text.
    struct Candidate: Sendable, Hashable {
        /// The value in cents after multipliers (`nil` when the number is malformed).
        var cents: Int64?
        /// Marked as money by "R$", "reais", "mil"…
        var isMarked: Bool
    }

    private let characters: [Character]

    private static let currencyWords: Set<String> = ["reais", "real", "conto", "contos", "pila", "pilas", "brl"]
    private static let thousandWords: Set<String> = ["mil", "k"]
    private static let millionWords: Set<String> = ["milhao", "milhoes", "mi"]
    private static let countWords: Set<String> = [
        "dia", "dias", "mes", "meses", "ano", "anos", "semana", "semanas", "hora", "horas", "h", "hs", "min",
        "minuto", "minutos", "vez", "vezes", "x", "parcela", "parcelas", "unidade", "unidades", "un", "kg",
        "g", "km", "l", "litro", "litros", "m", "cm", "caixa", "caixas", "pessoa", "pessoas", "funcionario",
        "funcionarios", "cliente", "clientes", "item", "itens", "peca", "pecas", "porcento", "days", "times",
    ]
    private static let blockingPrecedingWords: Set<String> = ["dia", "as", "n", "numero", "nº", "at"]
    private static let yearPrecedingWords: Set<String> = ["em", "ano", "in", "of"]

    init(_ text: String) {
        characters = Array(text)
    }

    /// Every money-looking number, in order of appearance.
    func candidates() -> [Candidate] {
        var found: [Candidate] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count {
                let c = characters[end]
                if c.isASCII, c.isNumber {
                    end += 1
                } else if c == "." || c == ",", end + 1 < characters.count, characters[end + 1].isASCII,
                          characters[end + 1].isNumber {
                    end += 1
                } else {
                    break
                }
            }
            if let candidate = candidate(from: index, to: end) { found.append(candidate) }
            index = end
        }
        return found
    }

    private func candidate(from start: Int, to end: Int) -> Candidate? {
        let number = String(characters[start..<end])
        if let before = start > 0 ? characters[start - 1] : nil, before.isLetter || "/:-".contains(before) { return nil }
        if end < characters.count, "/:%º°ª-".contains(characters[end]) { return nil }
        let attached = word(startingAt: end)
        let nextStart = attached.isEmpty ? skipSpaces(from: end) : end
        let nextRaw = attached.isEmpty ? word(startingAt: nextStart) : attached
        var next = CrewText.fold(nextRaw)
        if !attached.isEmpty, !Self.currencyWords.contains(next), !Self.thousandWords.contains(next),
           !Self.millionWords.contains(next) {
            return nil
        }
        let previous = previousWord(before: start)
        let hasCurrencySign = previous.hasSuffix("$")
        if !hasCurrencySign, Self.countWords.contains(next) { return nil }
        if nextStart < characters.count, characters[nextStart] == "%" { return nil }
        let previousFolded = CrewText.fold(previous)
        if Self.blockingPrecedingWords.contains(previousFolded) { return nil }
        if Self.yearPrecedingWords.contains(previousFolded), number.count == 4, let year = Int(number),
           (1900...2100).contains(year) {
            return nil
        }
        var marked = hasCurrencySign
        var multiplier: Int64 = 1
        if Self.thousandWords.contains(next) {
            multiplier = 1000
            marked = true
            next = CrewText.fold(word(startingAt: skipSpaces(from: nextStart + nextRaw.count)))
        } else if Self.millionWords.contains(next) {
            multiplier = 1_000_000
            marked = true
        }
        if Self.currencyWords.contains(next) { marked = true }
        guard let base = MoneyParser.cents(ofNumber: number) else { return Candidate(cents: nil, isMarked: marked) }
        let (value, overflow) = base.multipliedReportingOverflow(by: multiplier)
        return Candidate(cents: overflow ? nil : value, isMarked: marked)
    }

    /// The run of letters starting at `index` (empty when none).
    private func word(startingAt index: Int) -> String {
        var end = index
        while end < characters.count, characters[end].isLetter { end += 1 }
        return index < characters.count ? String(characters[index..<end]) : ""
    }

    private func skipSpaces(from index: Int) -> Int {
        var position = index
        while position < characters.count, characters[position] == " " { position += 1 }
        return position
    }

    /// The non-space run just before `index`, skipping spaces ("R$" in "R$ 50", "dia" in "dia 12").
    private func previousWord(before index: Int) -> String {
        var end = index
        while end > 0, characters[end - 1] == " " { end -= 1 }
        var start = end
        while start > 0, characters[start - 1].isLetter || characters[start - 1] == "$" || characters[start - 1] == "º" {
            start -= 1
        }
        return String(characters[start..<end])
    }
}

import Foundation

/// Finds a BRL amount in free text and returns it in integer cents.
///
/// Understands "R$ 1.234,56", "1.500" (dot as thousands separator before exactly three
/// digits), "100,00", "1234.56", "50 reais", "50 mil", "1,5 mil", "R$50" and "50k".
/// Numbers that are dates (12/03), times (14:30, 14h, "às 10"), days ("dia 12"),
/// percentages or counts ("3 dias", "2x") are ignored. A number marked as money
/// (R$, reais, mil) wins over a bare one. Garbage, zero and amounts above
/// R$ 100 milhões yield `nil`.
public enum MoneyParser {
    /// The largest amount accepted: R$ 100 milhões.
    public static let maximumCents: Int64 = 10_000_000_000

    /// Cents of an amount in reais a model wrote as a number (`1234.56`); nil unless it is
    /// a positive, finite amount of at most `maximumCents`.
    public static func cents(reais: Double) -> Int64? {
        guard reais.isFinite, reais > 0, reais * 100 <= Double(maximumCents) else { return nil }
        return Int64((reais * 100).rounded())
    }

    /// The amount in `text`, in cents, or `nil` when there is none.
    public static func cents(in text: String) -> Int64? {
        let candidates = MoneyScanner(text).candidates()
        guard let chosen = candidates.first(where: \.isMarked) ?? candidates.first else { return nil }
        guard let cents = chosen.cents, cents > 0, cents <= maximumCents else { return nil }
        return cents
    }

    /// The numeric value of one number as written ("1.234,56", "1,5", "1500"), in cents.
    /// Returns `nil` when the separators do not form a valid number.
    public static func cents(ofNumber number: String) -> Int64? {
        let (integerDigits, fractionDigits) = splitNumber(number) ?? ("", "")
        guard !integerDigits.isEmpty, integerDigits.count <= 12, let whole = Int64(integerDigits) else { return nil }
        let fraction = fractionDigits.isEmpty ? 0 : Int64(fractionDigits.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        return whole * 100 + fraction
    }

    /// Splits a number into integer digits and 0–2 decimal digits, checking grouping.
    private static func splitNumber(_ number: String) -> (String, String)? {
        let separators = number.filter { $0 == "." || $0 == "," }
        if separators.isEmpty { return (number, "") }
        let groups = number.split(whereSeparator: { $0 == "." || $0 == "," }).map(String.init)
        guard groups.count == separators.count + 1, let first = groups.first, let last = groups.last,
              let lastSeparator = separators.last else { return nil }
        let mixed = Set(separators).count == 2
        if mixed {
            // "1.234,56" or "1,234.56": the last separator is decimal, the others group thousands.
            guard separators.dropLast().allSatisfy({ $0 != lastSeparator }), (1...2).contains(last.count),
                  validThousands(Array(groups.dropLast())) else { return nil }
            return (groups.dropLast().joined(), last)
        }
        if groups.count == 2, (1...2).contains(last.count) {
            return (first, last)
        }
        guard validThousands(groups) else { return nil }
        return (groups.joined(), "")
    }

    /// "1", "234", "567": a leading group of 1–3 digits, then groups of exactly 3.
    private static func validThousands(_ groups: [String]) -> Bool {
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}

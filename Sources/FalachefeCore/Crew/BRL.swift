import Foundation

/// Brazilian real formatting: "R$ 1.234,56", negatives as "-R$ 10,00".
public enum BRL {
    /// Formats integer cents as Brazilians write money.
    public static func format(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let reais = magnitude / 100
        let centavos = magnitude % 100
        var digits = Array(String(reais))
        var grouped = ""
        while digits.count > 3 {
            grouped = "." + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = String(digits) + grouped
        let fraction = centavos < 10 ? "0\(centavos)" : "\(centavos)"
        return (cents < 0 ? "-" : "") + "R$ \(grouped),\(fraction)"
    }

    /// A share of a total as a rounded whole percentage ("75%"). Zero total → "0%".
    public static func percent(_ part: Int64, of total: Int64) -> String {
        guard total > 0 else { return "0%" }
        let rounded = (part * 200 + total) / (2 * total)
        return "\(rounded)%"
    }
}

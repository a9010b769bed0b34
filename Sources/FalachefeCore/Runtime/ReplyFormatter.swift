import Foundation

/// Prepares reply text for the UAZ send API: neutralises `{{…}}` placeholders (uazapi
/// expands them, so text derived from users could pull in lead fields) and splits long
/// replies at paragraph, line, sentence or word boundaries.
public enum ReplyFormatter {
    /// WhatsApp accepts long texts, but replies read best in chunks of this size.
    public static let defaultMaxLength = 1_500

    /// Breaks `{{` and `}}` with a zero-width joiner so the gateway sees no placeholder.
    public static func escapePlaceholders(_ text: String) -> String {
        // Nearly every reply has no brace at all: one byte scan instead of two searches.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else { return text }
        return text.replacingOccurrences(of: "{{", with: "{\u{200D}{")
            .replacingOccurrences(of: "}}", with: "}\u{200D}}")
    }

    /// Escapes and splits `text` into parts of at most `maxLength` characters.
    public static func parts(_ text: String, maxLength: Int = defaultMaxLength) -> [String] {
        let escaped = escapePlaceholders(text.trimmingWhitespace())
        guard !escaped.isEmpty else { return [] }
        var parts: [String] = []
        var rest = Substring(escaped)
        // A text of no more bytes than `maxLength` has no more characters: skips counting
        // the characters of nearly every reply.
        while rest.utf8.count > maxLength, rest.count > maxLength {
            let window = rest.prefix(maxLength)
            let cut = bestCut(in: window) ?? window.endIndex
            let part = rest[..<cut].trimmingWhitespace()
            if !part.isEmpty { parts.append(part) }
            rest = rest[cut...]
        }
        let last = rest.trimmingWhitespace()
        if !last.isEmpty { parts.append(last) }
        return parts
    }

    private static func bestCut(in window: Substring) -> Substring.Index? {
        let minimum = window.index(window.startIndex, offsetBy: window.count / 2)
        for separator in ["\n\n", "\n", ". ", "! ", "? ", " "] {
            if let range = window.range(of: separator, options: .backwards), range.lowerBound >= minimum {
                return range.upperBound
            }
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

import FalachefeCore
import Foundation
import Testing

/// Reply text for the UAZ send API: placeholders neutralised, long text split.
@Suite("ReplyFormatter")
struct ReplyFormatterTests {
    /// Whether `text` still holds something uazapi would expand (`{{word}}`).
    func hasPlaceholder(_ text: String) -> Bool {
        text.range(of: #"\{\{\s*[A-Za-z0-9_.]+\s*\}\}"#, options: .regularExpression) != nil
    }

    @Test("{{name}} and friends are neutralised", arguments: [
        "Olá {{name}}!", "{{ name }}", "{{{name}}}", "{{{{name}}}}", "a{{b}}c{{d}}e", "}}{{x}}{{",
    ])
    func placeholdersNeutralised(text: String) {
        let escaped = ReplyFormatter.escapePlaceholders(text)
        #expect(!hasPlaceholder(escaped))
        #expect(!escaped.contains("{{name}}"))
        // Removing the joiners gives the original text back.
        #expect(escaped.replacingOccurrences(of: "\u{200D}", with: "") == text)
        #expect(ReplyFormatter.parts(text).allSatisfy { !hasPlaceholder($0) })
    }

    @Test("short text is one trimmed part; blank text is none")
    func shortText() {
        #expect(ReplyFormatter.parts("  Olá!\n") == ["Olá!"])
        #expect(ReplyFormatter.parts(" \n\t ").isEmpty)
        #expect(ReplyFormatter.parts("") .isEmpty)
    }

    @Test("the limit counts characters, not bytes")
    func limitInCharacters() {
        let text = String(repeating: "é😀", count: 60)
        #expect(text.utf8.count > 150)
        #expect(ReplyFormatter.parts(text, maxLength: 150) == [text])
        #expect(ReplyFormatter.parts(text, maxLength: 100).count == 2)
    }

    @Test("long text splits at paragraph boundaries first")
    func paragraphBoundaries() {
        let paragraphs = (1...4).map { String(repeating: Character("\($0)"), count: 100) }
        let parts = ReplyFormatter.parts(paragraphs.joined(separator: "\n\n"), maxLength: 250)
        #expect(parts == [paragraphs[0] + "\n\n" + paragraphs[1], paragraphs[2] + "\n\n" + paragraphs[3]])
    }

    @Test("sentences are kept whole when there are no paragraphs")
    func sentenceBoundaries() {
        let sentence = "Anotei a despesa de cinquenta reais em alimentação hoje."
        let text = Array(repeating: sentence, count: 40).joined(separator: " ")
        let parts = ReplyFormatter.parts(text, maxLength: 300)
        #expect(parts.count > 1)
        for part in parts {
            #expect(part.count <= 300)
            #expect(part.hasSuffix("."))
            #expect(part.hasPrefix("Anotei"))
        }
        #expect(parts.joined(separator: " ") == text)
    }

    @Test("words are never cut when spaces allow", arguments: [80, 100, 157, 1_500])
    func wordBoundaries(maxLength: Int) {
        var generator = SeededGenerator(seed: UInt64(maxLength))
        let words = (0..<800).map { _ in
            String(repeating: "x", count: Int.random(in: 1...12, using: &generator))
        }
        let text = words.joined(separator: " ")
        let parts = ReplyFormatter.parts(text, maxLength: maxLength)
        #expect(parts.allSatisfy { $0.count <= maxLength && !$0.isEmpty })
        #expect(parts.flatMap { $0.split(separator: " ").map(String.init) } == words)
    }

    @Test("text without any boundary is cut hard at the limit")
    func hardCut() {
        let text = String(repeating: "a", count: 3_100)
        let parts = ReplyFormatter.parts(text)
        #expect(parts.map(\.count) == [1_500, 1_500, 100])
    }

    @Test("every part fits even with emoji, accents and CRLF line breaks")
    func unicodeAndCRLF() {
        let line = "Relatório 📊: entradas R$ 1.234,56 — saídas R$ 789,00 ✅"
        let text = Array(repeating: line, count: 120).joined(separator: "\r\n")
        let parts = ReplyFormatter.parts(text, maxLength: 500)
        #expect(parts.count > 1)
        #expect(parts.allSatisfy { $0.count <= 500 })
        #expect(parts.allSatisfy { $0.hasPrefix("Relatório") })
        let rejoined = parts.joined(separator: "\r\n")
        #expect(rejoined == text)
    }

    @Test("escaping happens before splitting and parts stay within the limit")
    func escapeThenSplit() {
        let text = Array(repeating: "{{nome}}", count: 400).joined(separator: " ")
        let parts = ReplyFormatter.parts(text, maxLength: 100)
        #expect(parts.allSatisfy { $0.count <= 100 && !hasPlaceholder($0) })
    }
}

import Foundation

/// Splits a migration file into single statements, because the extended query protocol
/// (every postgres-nio query) takes one statement at a time. A `;` ends a statement unless
/// it is inside a `'…'` string, a `"…"` identifier, a dollar-quoted body (`$$…$$`,
/// `$tag$…$tag$`, as in function bodies), a `-- …` line comment or a `/* … */` block
/// comment (nested, as PostgreSQL allows). Comments are dropped. `E'…'` strings with
/// backslash-escaped quotes are not supported: migrations double their quotes.
enum PostgresStatementSplitter {
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var rest = Array(sql.unicodeScalars)[...]
        while let scalar = rest.popFirst() {
            switch scalar {
            case "'", "\"":
                current.unicodeScalars.append(scalar)
                while let next = rest.popFirst() {
                    current.unicodeScalars.append(next)
                    if next == scalar { break }
                }
            case "$":
                current.unicodeScalars.append(scalar)
                guard let tag = dollarTag(after: rest) else { continue }
                // Copies the opening tag, the body and the closing tag verbatim.
                let delimiter = Array("$\(tag)$".unicodeScalars)
                current.unicodeScalars.append(contentsOf: delimiter.dropFirst())
                rest = rest.dropFirst(delimiter.count - 1)
                while !rest.isEmpty && !rest.starts(with: delimiter) {
                    current.unicodeScalars.append(rest.removeFirst())
                }
                current.unicodeScalars.append(contentsOf: rest.prefix(delimiter.count))
                rest = rest.dropFirst(delimiter.count)
            case "-" where rest.first == "-":
                while let next = rest.popFirst(), next != "\n" {}
                current.unicodeScalars.append("\n")
            case "/" where rest.first == "*":
                rest.removeFirst()
                var depth = 1
                while depth > 0, let next = rest.popFirst() {
                    if next == "*", rest.first == "/" {
                        rest.removeFirst()
                        depth -= 1
                    } else if next == "/", rest.first == "*" {
                        rest.removeFirst()
                        depth += 1
                    }
                }
                current.unicodeScalars.append(" ")
            case ";":
                append(current, to: &statements)
                current = ""
            default:
                current.unicodeScalars.append(scalar)
            }
        }
        append(current, to: &statements)
        return statements
    }

    /// The tag of a dollar quote starting right after a `$` (empty for `$$`), or nil when
    /// the `$` is something else (a parameter such as `$1`).
    private static func dollarTag(after rest: ArraySlice<Unicode.Scalar>) -> String? {
        var tag = ""
        for scalar in rest {
            if scalar == "$" { return tag }
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
            let isDigit = scalar >= "0" && scalar <= "9"
            guard isLetter || (isDigit && !tag.isEmpty) else { return nil }
            tag.unicodeScalars.append(scalar)
        }
        return nil
    }

    private static func append(_ statement: String, to statements: inout [String]) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }
}

import Foundation

/// Splits a migration file into single statements, because SQLite prepares one statement
/// at a time. A `;` ends a statement unless it is inside a `'…'` string, a `"…"` or `` `…` ``
/// identifier, a `[…]` identifier, a `-- …` line comment or a `/* … */` block comment.
/// Comments are dropped. Trigger bodies (`BEGIN … END;`) are not supported: migrations keep
/// to tables, indexes and data statements.
enum SQLStatementSplitter {
    static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var iterator = Array(sql.unicodeScalars)[...]
        while let scalar = iterator.popFirst() {
            switch scalar {
            case "'", "\"", "`", "[":
                let close: Unicode.Scalar = scalar == "[" ? "]" : scalar
                current.unicodeScalars.append(scalar)
                while let next = iterator.popFirst() {
                    current.unicodeScalars.append(next)
                    if next == close { break }
                }
            case "-" where iterator.first == "-":
                while let next = iterator.popFirst(), next != "\n" {}
                current.unicodeScalars.append("\n")
            case "/" where iterator.first == "*":
                iterator.removeFirst()
                var previous: Unicode.Scalar = " "
                while let next = iterator.popFirst() {
                    if previous == "*" && next == "/" { break }
                    previous = next
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

    private static func append(_ statement: String, to statements: inout [String]) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { statements.append(trimmed) }
    }
}

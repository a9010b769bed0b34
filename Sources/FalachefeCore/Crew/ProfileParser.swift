import Foundation

/// Reads profile information a user gives about themselves or the company ("meu nome é
/// João, Padaria do João", "meu e-mail é joao@exemplo.com", "somos uma padaria").
struct ProfileUpdate: Sendable, Hashable {
    var name: String?
    var email: String?
    var companyName: String?
    var sector: String?

    var isEmpty: Bool { name == nil && email == nil && companyName == nil && sector == nil }

    /// Longest value kept for any field.
    static let fieldLimit = 80

    /// Values given by a tool call; over-long values are cut.
    init(name: String? = nil, email: String? = nil, companyName: String? = nil, sector: String? = nil) {
        self.name = name.map { Self.words($0, max: 4) }
        self.email = email.flatMap(Self.email(in:))
        self.companyName = companyName.map { Self.words($0, max: 6) }
        self.sector = sector.map { Self.words($0, max: 5) }
    }

    init?(_ text: String) {
        let clauses = text.split(whereSeparator: { ",;\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, clause) in clauses.enumerated() {
            let folded = CrewText.fold(clause)
            if let value = Self.value(after: ["meu nome e ", "meu nome é ", "me chamo ", "pode me chamar de ", "my name is "], in: clause, folded: folded) {
                name = Self.words(value, max: 4)
                // "meu nome é João, Padaria do João": a capitalised clause right after the name is the company.
                if index + 1 < clauses.count, let next = clauses[index + 1].first, next.isUppercase,
                   clauses[index + 1].split(separator: " ").count <= 6 {
                    companyName = Self.words(clauses[index + 1], max: 6)
                }
            } else if let value = Self.value(after: ["minha empresa se chama ", "minha empresa e ", "a empresa se chama ", "nome da empresa e "], in: clause, folded: folded),
                      value.first?.isUppercase == true {
                companyName = Self.words(value, max: 6)
            } else if let value = Self.value(after: ["somos uma ", "somos um ", "trabalho com ", "trabalhamos com ", "meu ramo e ", "nosso ramo e ", "o ramo e "], in: clause, folded: folded) {
                sector = Self.words(value, max: 5)
            }
            if CrewText(clause).has(["email", "mail"]), let email = Self.email(in: clause) { self.email = email }
        }
        if isEmpty { return nil }
    }

    /// The text after the first of `prefixes` (matched on the folded clause).
    private static func value(after prefixes: [String], in clause: String, folded: String) -> String? {
        for prefix in prefixes {
            let foldedPrefix = CrewText.fold(prefix)
            guard let range = folded.range(of: foldedPrefix) else { continue }
            let offset = folded.distance(from: folded.startIndex, to: range.upperBound)
            guard offset <= clause.count else { continue }
            let value = String(clause.dropFirst(offset)).trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func words(_ value: String, max: Int) -> String {
        String(value.split(separator: " ").prefix(max).joined(separator: " ").prefix(fieldLimit))
    }

    private static func email(in text: String) -> String? {
        text.split(whereSeparator: \.isWhitespace).map { $0.trimmingCharacters(in: .punctuationCharacters.subtracting(["@", ".", "_", "-", "+"])) }
            .first { token in
                let parts = token.split(separator: "@")
                return parts.count == 2 && parts[1].contains(".") && !parts[0].isEmpty && token.count <= fieldLimit
            }
    }
}

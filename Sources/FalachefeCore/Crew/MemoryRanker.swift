import Foundation

/// Ranks a user's memories for a message (seed workflow 3, "retrieve relevant").
///
///     score = relevance × (0.5 + importance / 20) × 0.5 ^ (ageDays / halfLifeDays)
///
/// - relevance: shared terms of message and memory divided by √(terms of the memory),
///   where terms are folded words of 3+ letters, stop words removed, cut to 6 letters
///   ("fornecedores" ~ "fornecedor"); a memory sharing no term scores 0 and is not returned;
/// - importance 1–10 weighs from 0.55 to 1.0;
/// - age counts from the last access (or update) and halves the score every
///   `halfLifeDays` (30).
enum MemoryRanker {
    static let halfLifeDays = 30.0

    private static let stopWords: Set<String> = [
        "que", "qual", "quais", "quem", "como", "para", "por", "com", "uma", "uns", "umas", "dos", "das", "nos", "nas",
        "meu", "minha", "meus", "minhas", "nosso", "nossa", "seu", "sua", "ele", "ela", "voce", "isso", "esse", "essa",
        "este", "esta", "aqui", "mais", "muito", "tem", "ter", "sao", "foi", "ser", "sobre", "quando", "onde", "mim",
        "the", "and", "you", "what", "who", "lembra", "lembre", "sabe", "principal",
    ]

    /// The best `limit` memories with a positive score, best first.
    static func rank(_ memories: [CrewMemory], for text: String, now: Date, limit: Int = 3) -> [CrewMemory] {
        let query = terms(text)
        guard !query.isEmpty else { return [] }
        let scored: [(memory: CrewMemory, score: Double)] = memories.map { ($0, score($0, query: query, now: now)) }
        let ranked = scored.filter { $0.score > 0 }.sorted { lhs, rhs in
            lhs.score != rhs.score ? lhs.score > rhs.score : lhs.memory.id < rhs.memory.id
        }
        return ranked.prefix(limit).map(\.memory)
    }

    static func score(_ memory: CrewMemory, query: Set<String>, now: Date) -> Double {
        let memoryTerms = terms(memory.content + " " + (memory.category ?? ""))
        guard !memoryTerms.isEmpty else { return 0 }
        let relevance = Double(memoryTerms.intersection(query).count) / Double(memoryTerms.count).squareRoot()
        let weight = 0.5 + Double(memory.importance) / 20
        let touched = max(memory.lastAccessedAt ?? memory.updatedAt, memory.updatedAt)
        let ageDays = max(now.timeIntervalSince(touched), 0) / 86_400
        return relevance * weight * pow(0.5, ageDays / halfLifeDays)
    }

    /// Folded, stemmed content words.
    static func terms(_ text: String) -> Set<String> {
        Set(CrewText(text).words.filter { $0.count >= 3 && !stopWords.contains($0) }.map { String($0.prefix(6)) })
    }
}

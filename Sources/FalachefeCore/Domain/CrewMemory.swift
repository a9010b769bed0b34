import Foundation

/// Something the crew remembers about a user of a company: a row of the seed's
/// `crew_memories`. Always scoped to one company and one user.
public struct CrewMemory: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case fact
        case preference
        case context
        case learning
        case pattern
    }

    public var id: String
    public var tenantID: String
    public var userID: String
    public var conversationID: String?
    public var kind: Kind
    /// What it is about ("supplier", "report_frequency", "profile", …).
    public var category: String?
    public var content: String
    public var summary: String?
    /// 1 (trivia) to 10 (never forget).
    public var importance: Int
    public var accessCount: Int
    public var lastAccessedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), tenantID: String, userID: String, conversationID: String? = nil,
        kind: Kind, category: String? = nil, content: String, summary: String? = nil, importance: Int,
        accessCount: Int = 0, lastAccessedAt: Date? = nil, createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.tenantID = tenantID
        self.userID = userID
        self.conversationID = conversationID
        self.kind = kind
        self.category = category
        self.content = content
        self.summary = summary
        self.importance = min(max(importance, 1), 10)
        self.accessCount = accessCount
        self.lastAccessedAt = lastAccessedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

import FalachefeCore
import Foundation
import PostgresNIO

/// What the crew remembers about a company's users (`crew_memories`). Every statement is
/// filtered by company: an id of another company reads nothing and changes nothing.
extension PostgresStore {
    private static let memoryColumns = """
        id, company_id, user_id, conversation_id, memory_type, category, content, summary, importance_score,
        access_count, last_accessed_at, created_at, updated_at
        """

    /// The user's memories, most important first, then most recently updated.
    public func memories(tenantID: String, userID: String, limit: Int) async throws -> [CrewMemory] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT \(unescaped: Self.memoryColumns) FROM crew_memories WHERE company_id = \(tenantID) AND user_id = \(userID)
            ORDER BY importance_score DESC, updated_at DESC, id LIMIT \(max(limit, 0))
            """,
            decode: Self.decodeMemory
        )
    }

    /// Sets the importance, clamped to 1...10 like `CrewMemory.init`. `updated_at` stays:
    /// it dates the content, not its ranking.
    public func updateMemoryImportance(tenantID: String, memoryID: String, importance: Int) async throws {
        let changed = try await rows(
            in: .tenant(tenantID),
            """
            UPDATE crew_memories SET importance_score = \(min(max(importance, 1), 10))
            WHERE company_id = \(tenantID) AND id = \(memoryID) RETURNING id
            """
        ) { try $0.text("id") }
        if changed.isEmpty {
            throw StoreError.notFound("memory \(memoryID) of tenant \(tenantID)")
        }
    }

    /// A maintenance sweep over every company.
    public func cleanupMemories(before: Date, keepImportanceAtLeast: Int) async throws -> Int {
        try await rows(
            in: .allTenants,
            """
            WITH removed AS (
              DELETE FROM crew_memories
              WHERE coalesce(last_accessed_at, created_at) < \(before.timestamp) AND importance_score < \(keepImportanceAtLeast)
              RETURNING 1
            )
            SELECT count(*) AS n FROM removed
            """
        ) { try $0.int("n") }.first ?? 0
    }

    private static func decodeMemory(_ row: Row) throws -> CrewMemory {
        CrewMemory(
            id: try row.text("id"), tenantID: try row.text("company_id"), userID: try row.text("user_id"),
            conversationID: try row.optionalText("conversation_id"),
            kind: try row.decode(CrewMemory.Kind.self, "memory_type"), category: try row.optionalText("category"),
            content: try row.text("content"), summary: try row.optionalText("summary"),
            importance: try row.int("importance_score"), accessCount: try row.int("access_count"),
            lastAccessedAt: try row.optionalDate("last_accessed_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}

import FalachefeCore
import Foundation
import SQLiteNIO

/// What the crew remembers about a company's users (`crew_memories`). Every statement is
/// filtered by company: an id of another company reads nothing and changes nothing.
extension SQLiteStore {
    private static let memoryColumns = """
        id, company_id, user_id, conversation_id, memory_type, category, content, summary, importance_score,
        access_count, last_accessed_at, created_at, updated_at
        """

    /// The user's memories, most important first, then most recently updated.
    public func memories(tenantID: String, userID: String, limit: Int) async throws -> [CrewMemory] {
        try await read(
            """
            SELECT \(Self.memoryColumns) FROM crew_memories WHERE company_id = ? AND user_id = ?
            ORDER BY importance_score DESC, updated_at DESC, id LIMIT ?
            """,
            [.text(tenantID), .text(userID), .int(max(limit, 0))], decode: Self.decodeMemory
        )
    }

    /// Sets the importance, clamped to 1...10 like `CrewMemory.init`. `updated_at` stays:
    /// it dates the content, not its ranking.
    public func updateMemoryImportance(tenantID: String, memoryID: String, importance: Int) async throws {
        let changed = try await write { connection in
            try connection.execute(
                "UPDATE crew_memories SET importance_score = ? WHERE company_id = ? AND id = ?",
                [.int(min(max(importance, 1), 10)), .text(tenantID), .text(memoryID)]
            )
            return connection.changes()
        }
        if changed == 0 {
            throw StoreError.notFound("memory \(memoryID) of tenant \(tenantID)")
        }
    }

    /// A maintenance sweep over every company.
    public func cleanupMemories(before: Date, keepImportanceAtLeast: Int) async throws -> Int {
        try await write { connection in
            try connection.execute(
                "DELETE FROM crew_memories WHERE coalesce(last_accessed_at, created_at) < ? AND importance_score < ?",
                [.date(before), .int(keepImportanceAtLeast)]
            )
            return connection.changes()
        }
    }

    @Sendable private static func decodeMemory(_ row: SQLiteValues) throws -> CrewMemory {
        CrewMemory(
            id: try row.text("id"), tenantID: try row.text("company_id"), userID: try row.text("user_id"),
            conversationID: row.optionalText("conversation_id"), kind: try row.decode(CrewMemory.Kind.self, "memory_type"),
            category: row.optionalText("category"), content: try row.text("content"), summary: row.optionalText("summary"),
            importance: try row.int("importance_score"), accessCount: try row.int("access_count"),
            lastAccessedAt: row.optionalDate("last_accessed_at"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}

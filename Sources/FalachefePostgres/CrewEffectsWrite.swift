import FalachefeCore
import Foundation
import Logging
import PostgresNIO

/// The crew's writes for one message (`ProcessingOutcome.crew`), built as bound queries
/// before the transaction starts. `complete` runs `write(on:logger:)` inside the
/// transaction that closes the inbox row, once the row was found pending: the effects
/// commit with the reply or not at all. The SQL is in `CrewEffectsWrite+SQL.swift`.
struct CrewEffectsWrite: Sendable {
    private var tenantID: String
    private var conversation: PostgresQuery?
    private var tasks: [PostgresQuery]
    private var memories: [(id: String, query: PostgresQuery)]
    private var touch: PostgresQuery?
    private var ledgerEntries: [(key: String, query: PostgresQuery)]

    /// Whether a conversation state is written; without one, `complete` keeps the
    /// conversation's agent and handoffs from the replies, as before the crew state existed.
    var hasConversation: Bool { conversation != nil }

    /// Refuses effects naming another company than the outcome's with `StoreError.conflict`
    /// (a programming error that must not write into either company).
    init(_ effects: CrewEffects, tenantID: String, at: Date) throws {
        let owners = [effects.conversation?.tenantID].compactMap { $0 } + effects.tasks.map(\.tenantID)
            + effects.memories.map(\.tenantID) + effects.ledgerEntries.map(\.tenantID)
        if let foreign = owners.first(where: { $0 != tenantID }) {
            throw StoreError.conflict("crew effects of tenant \(foreign) in an outcome of tenant \(tenantID)")
        }
        self.tenantID = tenantID
        conversation = try effects.conversation.map(Self.upsertConversation)
        tasks = try effects.tasks.map(Self.insertTask)
        memories = effects.memories.map { ($0.id, Self.upsertMemory($0)) }
        touch = effects.accessedMemoryIDs.isEmpty
            ? nil : Self.touchMemories(tenantID: tenantID, ids: effects.accessedMemoryIDs, at: at)
        ledgerEntries = effects.ledgerEntries.map { ($0.sourceMessageID, Self.insertLedgerEntry($0)) }
    }

    /// Runs the statements on the transaction's connection.
    func write(on connection: PostgresConnection, logger: Logger) async throws {
        if let conversation {
            try await connection.execute(conversation, logger: logger)
        }
        for task in tasks {
            try await connection.execute(task, logger: logger)
        }
        for memory in memories {
            // No row back: the id belongs to another company or user, which is never overwritten.
            if try await connection.rows(memory.query, logger: logger, decode: { try $0.text("id") }).isEmpty {
                logger.warning("crew memory not written: its id belongs to another owner", metadata: [
                    "tenant.id": "\(tenantID)", "memory.id": "\(memory.id)",
                ])
            }
        }
        if let touch {
            try await connection.execute(touch, logger: logger)
        }
        for entry in ledgerEntries {
            // No row back: the company already booked this source message, which stays as booked.
            if try await connection.rows(entry.query, logger: logger, decode: { try $0.text("id") }).isEmpty {
                logger.warning("ledger entry not written: its source message was already booked", metadata: [
                    "tenant.id": "\(tenantID)", "message.id": "\(entry.key)",
                ])
            }
        }
    }
}

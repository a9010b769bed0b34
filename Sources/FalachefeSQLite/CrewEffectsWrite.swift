import FalachefeCore
import Foundation
import Logging
import SQLiteNIO

/// The crew's writes for one message (`ProcessingOutcome.crew`), encoded before they reach
/// the writer so that the write job only binds. `complete` runs `write(on:logger:)` inside
/// the job that closes the inbox row, once the row was found pending: the effects commit
/// with the reply or not at all.
struct CrewEffectsWrite: Sendable {
    private var tenantID: String
    private var at: Date
    private var conversation: [SQLiteData]?
    private var tasks: [[SQLiteData]]
    private var memories: [(id: String, binds: [SQLiteData])]
    /// The accessed memory ids as a JSON array (for `json_each`), nil when none.
    private var accessed: String?
    private var ledgerEntries: [(key: String, binds: [SQLiteData])]

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
        self.at = at
        conversation = try effects.conversation.map(Self.binds)
        tasks = try effects.tasks.map(Self.binds)
        memories = effects.memories.map { ($0.id, Self.binds($0)) }
        accessed = effects.accessedMemoryIDs.isEmpty ? nil : try SQLiteJSON.encode(effects.accessedMemoryIDs)
        ledgerEntries = effects.ledgerEntries.map { ($0.sourceMessageID, Self.binds($0)) }
    }

    /// Runs the statements on the writer's connection, inside the caller's transaction.
    func write(on connection: SQLiteHandle, logger: Logger) throws {
        if let conversation {
            try connection.execute(Self.upsertConversation, conversation)
        }
        for task in tasks {
            try connection.execute(Self.insertTask, task)
        }
        for memory in memories {
            // No row changed: the id belongs to another company or user, which is never overwritten.
            if try connection.run(Self.upsertMemory, memory.binds) == 0 {
                logger.warning("crew memory not written: its id belongs to another owner", metadata: [
                    "tenant.id": "\(tenantID)", "memory.id": "\(memory.id)",
                ])
            }
        }
        if let accessed {
            try connection.execute(Self.touchMemories, [.date(at), .text(tenantID), .text(accessed)])
        }
        for entry in ledgerEntries {
            // No row changed: the company already booked this source message, which stays as booked.
            if try connection.run(Self.insertLedgerEntry, entry.binds) == 0 {
                logger.warning("ledger entry not written: its source message was already booked", metadata: [
                    "tenant.id": "\(tenantID)", "message.id": "\(entry.key)",
                ])
            }
        }
    }

    private static func binds(_ state: ConversationState) throws -> [SQLiteData] {
        let history = state.handoffHistory.suffix(ConversationState.handoffHistoryLimit)
        return [
            .text(state.id), .text(state.tenantID), .text(PhoneNumber.canonical(state.phone)),
            .optionalText(state.userID), .optionalText(state.currentAgent?.rawValue),
            .text(try SQLiteJSON.encode(Array(history))),
            try state.pendingAction.map { .text(try SQLiteJSON.encode($0)) } ?? .null,
            .bool(state.requiresHumanApproval), .text(state.humanApprovalStatus.rawValue), .date(state.updatedAt),
        ]
    }

    private static func binds(_ task: CrewTaskRecord) throws -> [SQLiteData] {
        let finished: Set<CrewTaskRecord.Status> = [.completed, .failed, .cancelled]
        let elapsed = max(task.executionTimeMs, 0)
        // The schema refuses negative costs; a NaN would be stored as NULL. Neither may cost the reply.
        let cost = task.costUsd.isFinite ? max(task.costUsd, 0) : 0
        return [
            .text(task.id), .text(task.tenantID), .text(task.agent.rawValue), .text(task.conversationID),
            .text(task.messageID), .text(task.description), .text(task.status.rawValue), .text(task.engine.rawValue),
            .optionalText(task.model), .text(try SQLiteJSON.encode(["tool_calls": task.toolCalls])),
            .optionalText(task.errorMessage), .int(elapsed),
            .text(try SQLiteJSON.encode(["prompt": task.usage.promptTokens, "completion": task.usage.completionTokens])),
            .float(cost), .date(task.createdAt),
            finished.contains(task.status) ? .date(task.createdAt.addingTimeInterval(Double(elapsed) / 1000)) : .null,
        ]
    }

    private static func binds(_ entry: LedgerEntry) -> [SQLiteData] {
        [
            .text(entry.id), .text(entry.tenantID), .text(entry.kind.rawValue), .int64(entry.amountCents),
            .text(entry.category), .text(entry.day.description), .text(entry.description), .text(entry.sourceMessageID),
            .optionalText(entry.userID), .date(entry.createdAt),
        ]
    }

    private static func binds(_ memory: CrewMemory) -> [SQLiteData] {
        [
            .text(memory.id), .text(memory.tenantID), .text(memory.userID), .optionalText(memory.conversationID),
            .text(memory.kind.rawValue), .optionalText(memory.category), .text(memory.content),
            .optionalText(memory.summary), .int(min(max(memory.importance, 1), 10)), .int(max(memory.accessCount, 0)),
            .optionalDate(memory.lastAccessedAt), .date(memory.createdAt), .date(memory.updatedAt),
        ]
    }
}

import DequeModule

/// A tenant's in-memory work queue, a pure state machine owned by the tenant actor.
/// Messages of one conversation are handed out one at a time in sequence order;
/// different conversations run concurrently up to `bulkhead`; waiting conversations are
/// served round-robin. The durable inbox is the truth: this is only the schedule.
public struct ConversationQueue: Sendable {
    public let bulkhead: Int
    private var waiting: [ConversationKey: Deque<InboxRecord>] = [:]
    /// Conversations with waiting messages and none running, in turn order.
    private var ready: Deque<ConversationKey> = []
    /// The members of `ready`, so that checking one is not a scan of the line.
    private var readyKeys: Set<ConversationKey> = []
    private var running: Set<ConversationKey> = []
    private var known: Set<Int64> = []

    public init(bulkhead: Int) {
        self.bulkhead = max(bulkhead, 1)
    }

    /// Messages queued or in flight.
    public var count: Int { known.count }
    public var runningCount: Int { running.count }
    /// The sequences of the messages queued or in flight.
    public var sequences: Set<Int64> { known }

    /// Adds a record in sequence order. Returns false if it is already queued or running.
    @discardableResult
    public mutating func enqueue(_ record: InboxRecord) -> Bool {
        guard known.insert(record.sequence).inserted else { return false }
        let key = record.message.conversationKey
        // Mutated in place in the dictionary: a copy taken out and put back would make
        // every append copy the conversation's whole queue (copy-on-write).
        if let last = waiting[key]?.last, last.sequence > record.sequence,
           let index = waiting[key]?.firstIndex(where: { $0.sequence > record.sequence }) {
            waiting[key]?.insert(record, at: index)
        } else {
            waiting[key, default: []].append(record)
        }
        if !running.contains(key) { makeReady(key) }
        return true
    }

    /// The next message to start, if a bulkhead slot and a ready conversation exist. The
    /// conversation is then running until `finish` is called for that message.
    public mutating func start() -> InboxRecord? {
        guard running.count < bulkhead, let key = ready.popFirst() else { return nil }
        readyKeys.remove(key)
        guard let record = waiting[key]?.popFirst() else {
            waiting[key] = nil
            return start()
        }
        if waiting[key]?.isEmpty == true { waiting[key] = nil }
        running.insert(key)
        return record
    }

    /// Marks a started message done; its conversation goes to the back of the line if it
    /// has more.
    public mutating func finish(_ record: InboxRecord) {
        known.remove(record.sequence)
        let key = record.message.conversationKey
        running.remove(key)
        if waiting[key] != nil { makeReady(key) }
    }

    /// Drops everything that has not started (pause, quarantine): the inbox keeps it.
    /// Running messages stay known until they finish.
    public mutating func dropWaiting() {
        for queue in waiting.values {
            for record in queue { known.remove(record.sequence) }
        }
        waiting.removeAll()
        ready.removeAll()
        readyKeys.removeAll()
    }

    /// Holds a conversation for work outside message processing (an admin's decision on
    /// it): none of its messages starts until `release`. False when one is running now.
    public mutating func reserve(_ key: ConversationKey) -> Bool {
        guard !running.contains(key) else { return false }
        running.insert(key)
        if readyKeys.remove(key) != nil { ready.removeAll { $0 == key } }
        return true
    }

    /// Ends a `reserve`; the conversation's waiting messages become ready again.
    public mutating func release(_ key: ConversationKey) {
        running.remove(key)
        if waiting[key] != nil { makeReady(key) }
    }

    /// Puts a conversation at the back of the line, unless it is in it already.
    private mutating func makeReady(_ key: ConversationKey) {
        if readyKeys.insert(key).inserted { ready.append(key) }
    }

    /// Whether `sequence` is queued or running.
    public func contains(_ sequence: Int64) -> Bool { known.contains(sequence) }
}

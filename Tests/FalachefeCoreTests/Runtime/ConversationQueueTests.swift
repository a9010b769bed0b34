import FalachefeCore
import Foundation
import Testing

/// The per-tenant schedule: one message per conversation, bulkhead, round-robin.
@Suite("ConversationQueue")
struct ConversationQueueTests {
    static let phones = ["a": "5511900000001", "b": "5511900000002", "c": "5511900000003"]

    /// Inbox record `sequence` of conversation `who` (a, b or c).
    func record(_ sequence: Int64, _ who: String) -> InboxRecord {
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        return InboxRecord(sequence: sequence, message: InboundMessage(
            tenantID: "t1", messageID: "m\(sequence)", senderPhone: Self.phones[who] ?? who,
            text: "msg \(sequence)", sentAt: date, receivedAt: date))
    }

    /// Starts and finishes messages one at a time; returns the sequences in start order.
    func drainSerially(_ queue: inout ConversationQueue) -> [Int64] {
        var order: [Int64] = []
        while let next = queue.start() {
            order.append(next.sequence)
            queue.finish(next)
        }
        return order
    }

    @Test("a conversation has at most one message running; the next starts after finish")
    func oneRunningPerConversation() throws {
        var queue = ConversationQueue(bulkhead: 4)
        queue.enqueue(record(1, "a"))
        queue.enqueue(record(2, "a"))
        let firstStarted = queue.start()
        let first = try #require(firstStarted)
        let blocked = queue.start()
        #expect(first.sequence == 1)
        #expect(blocked == nil)
        #expect(queue.runningCount == 1)
        queue.finish(first)
        let second = queue.start()
        #expect(second?.sequence == 2)
    }

    @Test("spellings of one number are one conversation")
    func canonicalConversation() {
        var queue = ConversationQueue(bulkhead: 4)
        queue.enqueue(record(1, "5511900000001"))
        queue.enqueue(record(2, "11900000001"))
        let first = queue.start()
        let second = queue.start()
        #expect(first?.sequence == 1)
        #expect(second == nil)
    }

    @Test("no more conversations run than the bulkhead")
    func bulkheadCap() throws {
        var queue = ConversationQueue(bulkhead: 2)
        queue.enqueue(record(1, "a"))
        queue.enqueue(record(2, "b"))
        queue.enqueue(record(3, "c"))
        let aStarted = queue.start()
        let a = try #require(aStarted)
        let b = queue.start()
        let c = queue.start()
        #expect(b != nil)
        #expect(c == nil)
        #expect(queue.runningCount == 2)
        queue.finish(a)
        let third = queue.start()
        #expect(third?.sequence == 3)
        #expect(queue.runningCount == 2)
        #expect(ConversationQueue(bulkhead: 0).bulkhead == 1)
    }

    @Test("waiting conversations are served round-robin")
    func roundRobin() {
        var queue = ConversationQueue(bulkhead: 1)
        for (sequence, who) in [(1, "a"), (2, "a"), (3, "a"), (4, "b"), (5, "b"), (6, "c")] {
            queue.enqueue(record(Int64(sequence), who))
        }
        let order = drainSerially(&queue)
        #expect(order == [1, 4, 6, 2, 5, 3])
        #expect(queue.count == 0)
    }

    @Test("a reserved conversation starts nothing until released, then takes one place in the line")
    func reserveAndRelease() throws {
        // A reservation holds a bulkhead slot, as a running message does.
        var queue = ConversationQueue(bulkhead: 2)
        for (sequence, who) in [(1, "a"), (2, "b"), (3, "a"), (4, "c")] {
            queue.enqueue(record(Int64(sequence), who))
        }
        let key = record(1, "a").message.conversationKey
        let reserved = queue.reserve(key)
        #expect(reserved)
        let started = queue.start()
        let first = try #require(started)
        #expect(first.sequence == 2)
        let reservedWhileRunning = queue.reserve(first.message.conversationKey)
        #expect(!reservedWhileRunning, "a running conversation cannot be reserved")
        queue.finish(first)
        queue.release(key)
        queue.release(key)
        #expect(drainSerially(&queue) == [4, 1, 3], "released once, served once, after those already waiting")
        #expect(queue.count == 0)
    }

    @Test("records enqueued out of order start in sequence order")
    func outOfOrderSorted() {
        var queue = ConversationQueue(bulkhead: 1)
        for sequence in [5, 1, 4, 2, 3] as [Int64] { queue.enqueue(record(sequence, "a")) }
        let order = drainSerially(&queue)
        #expect(order == [1, 2, 3, 4, 5])
    }

    @Test("a sequence already queued or running is refused")
    func duplicateRefused() throws {
        var queue = ConversationQueue(bulkhead: 2)
        let first = queue.enqueue(record(1, "a"))
        let again = queue.enqueue(record(1, "a"))
        #expect(first && !again)
        #expect(queue.count == 1)
        let runningStarted = queue.start()
        let running = try #require(runningStarted)
        let whileRunning = queue.enqueue(record(1, "a"))
        #expect(!whileRunning)
        #expect(queue.contains(1))
        queue.finish(running)
        #expect(!queue.contains(1))
        let nothing = queue.start()
        #expect(nothing == nil)
        let afterFinish = queue.enqueue(record(1, "a"))
        #expect(afterFinish)
    }

    @Test("dropWaiting forgets waiting work, keeps running work until it finishes")
    func dropWaiting() throws {
        var queue = ConversationQueue(bulkhead: 1)
        queue.enqueue(record(1, "a"))
        queue.enqueue(record(2, "a"))
        queue.enqueue(record(3, "b"))
        let runningStarted = queue.start()
        let running = try #require(runningStarted)
        queue.dropWaiting()
        #expect(queue.count == 1)
        #expect(queue.contains(1))
        #expect(!queue.contains(2) && !queue.contains(3))
        let whileRunning = queue.start()
        #expect(whileRunning == nil)
        queue.finish(running)
        let afterFinish = queue.start()
        #expect(afterFinish == nil)
        #expect(queue.count == 0)
        // A replay after resume queues them again, in order.
        queue.enqueue(record(3, "b"))
        queue.enqueue(record(2, "a"))
        let order = drainSerially(&queue)
        #expect(order == [3, 2])
    }

    @Test("a message arriving for a running conversation waits for it, then runs")
    func arrivalWhileRunning() throws {
        var queue = ConversationQueue(bulkhead: 2)
        queue.enqueue(record(1, "a"))
        let firstStarted = queue.start()
        let first = try #require(firstStarted)
        queue.enqueue(record(2, "a"))
        queue.enqueue(record(3, "b"))
        let other = queue.start()
        let blocked = queue.start()
        #expect(other?.sequence == 3)
        #expect(blocked == nil)
        queue.finish(first)
        let second = queue.start()
        #expect(second?.sequence == 2)
    }

    @Test("randomised schedule: per-conversation order and the bulkhead always hold")
    func randomisedInvariants() {
        var generator = SeededGenerator(seed: 42)
        var queue = ConversationQueue(bulkhead: 3)
        var running: [InboxRecord] = []
        var started: [String: [Int64]] = [:]
        var next: Int64 = 1
        for _ in 0..<2_000 {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                let who = ["a", "b", "c", "d", "e"].randomElement(using: &generator) ?? "a"
                queue.enqueue(record(next, who))
                next += 1
            case 1:
                if let record = queue.start() {
                    running.append(record)
                    started[record.message.senderPhone, default: []].append(record.sequence)
                }
            default:
                if !running.isEmpty {
                    queue.finish(running.remove(at: Int.random(in: 0..<running.count, using: &generator)))
                }
            }
            #expect(running.count <= 3)
            #expect(Set(running.map(\.message.senderPhone)).count == running.count)
        }
        for sequences in started.values { #expect(sequences == sequences.sorted()) }
    }
}

/// A small deterministic random source (SplitMix64) for randomised tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

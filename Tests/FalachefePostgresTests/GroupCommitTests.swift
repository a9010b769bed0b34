import FalachefeCore
import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import FalachefePostgres

/// The batching both PostgreSQL group commits rely on (inbox accepts, processing outcomes).
@Suite("GroupCommit")
struct GroupCommitTests {
    /// A commit function that records each batch and holds it until released.
    final class Recorder: Sendable {
        private let state = NIOLockedValueBox((batches: [[Int]](), gates: [CheckedContinuation<Void, Never>]()))

        var batches: [[Int]] { state.withLockedValue { $0.batches } }
        var inFlight: Int { state.withLockedValue { $0.gates.count } }

        func commit(_ items: [Int]) async -> [Result<String, any Error>] {
            await withCheckedContinuation { gate in
                state.withLockedValue {
                    $0.batches.append(items)
                    $0.gates.append(gate)
                }
            }
            return items.map { .success("done \($0)") }
        }

        func releaseAll() {
            let gates = state.withLockedValue { state in
                defer { state.gates.removeAll() }
                return state.gates
            }
            for gate in gates { gate.resume() }
        }
    }

    private static func until(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            await Task.yield()
        }
    }

    @Test func itemsQueuedWhileABatchIsInFlightFormTheNextBatchAndEachCallerGetsItsOwnResult() async throws {
        let recorder = Recorder()
        let queue = GroupCommit<Int, String>(maxBatch: 10) { await recorder.commit($0) }
        async let first = queue.submit(0)
        try await Self.until { recorder.inFlight == 1 }
        let later = Task {
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for item in 1...5 { group.addTask { (item, try await queue.submit(item)) } }
                return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
            }
        }
        try await Self.until { await queue.queued == 5 }
        recorder.releaseAll()
        #expect(try await first == "done 0")
        try await Self.until { recorder.inFlight == 1 }
        recorder.releaseAll()
        let results = try await later.value
        #expect(recorder.batches.count == 2)
        #expect(recorder.batches.first == [0])
        #expect(recorder.batches.last?.sorted() == [1, 2, 3, 4, 5])
        #expect(results == Dictionary(uniqueKeysWithValues: (1...5).map { ($0, "done \($0)") }))
    }

    @Test func lanesCommitThatManyBatchesAtOnceAndNoMore() async throws {
        let recorder = Recorder()
        let queue = GroupCommit<Int, String>(maxBatch: 10, lanes: 2) { await recorder.commit($0) }
        let submitted = Task {
            try await withThrowingTaskGroup(of: String.self) { group in
                for item in 0..<3 {
                    group.addTask { try await queue.submit(item) }
                    if item < 2 { try await Self.until { recorder.inFlight == item + 1 } }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
        }
        try await Self.until { await queue.queued == 1 }
        #expect(recorder.inFlight == 2)
        recorder.releaseAll()
        try await Self.until { recorder.inFlight == 1 }
        recorder.releaseAll()
        #expect(try await submitted.value.sorted() == ["done 0", "done 1", "done 2"])
        #expect(recorder.batches.map(\.count) == [1, 1, 1])
    }

    @Test func aCallerWithoutAResultFromTheCommitGetsAnError() async throws {
        let queue = GroupCommit<Int, String>(maxBatch: 10) { _ in [] }
        await #expect(throws: StoreError.self) { try await queue.submit(1) }
    }
}

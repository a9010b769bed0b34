import Synchronization

/// Hands each query to an idle reader, so that a slow report never holds up a read another
/// reader could serve now.
///
/// A reader runs one query at a time anyway, so every query gets a fresh snapshot: two
/// statements running at once on one SQLite connection would share its read transaction,
/// and a query started after a commit could see an older snapshot — a reply just marked
/// sent would read as pending and go out twice. A `Mutex` (not an actor) guards the free
/// list: it is held for a few instructions, never across a suspension, and spares every
/// read two executor hops.
final class SQLiteReaderPool: Sendable {
    private struct State {
        var idle: [SQLiteReader]
        var waiters: [CheckedContinuation<SQLiteReader, Never>] = []
    }

    let readers: [SQLiteReader]
    private let state: Mutex<State>

    init(_ readers: [SQLiteReader]) {
        self.readers = readers
        self.state = Mutex(State(idle: readers))
    }

    /// Runs `body` with a reader no other query uses meanwhile.
    func withReader<T: Sendable>(_ body: (SQLiteReader) async throws -> T) async throws -> T {
        let reader = await checkOut()
        defer { checkIn(reader) }
        return try await body(reader)
    }

    private func checkOut() async -> SQLiteReader {
        if let reader = state.withLock({ $0.idle.popLast() }) { return reader }
        return await withCheckedContinuation { continuation in
            let ready: SQLiteReader? = state.withLock { state in
                if let reader = state.idle.popLast() { return reader }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func checkIn(_ reader: SQLiteReader) {
        let waiter: CheckedContinuation<SQLiteReader, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(reader)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: reader)
    }
}

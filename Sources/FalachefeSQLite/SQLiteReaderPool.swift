import Synchronization
import SQLiteNIO

/// Hands each read connection to one query at a time.
///
/// Two statements running at once on one SQLite connection share its read transaction, so
/// a query started after a commit could still see the snapshot of an older statement on
/// the same connection — a reply just marked sent would read as pending and go out twice.
/// Checking a connection out for the whole query gives every read a fresh snapshot. A
/// `Mutex` (not an actor) guards the free list: it is held for a few instructions, never
/// across a suspension, and spares every read two executor hops.
final class SQLiteReaderPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection]
        var waiters: [CheckedContinuation<SQLiteConnection, Never>] = []
    }

    let connections: [SQLiteConnection]
    private let state: Mutex<State>

    init(_ connections: [SQLiteConnection]) {
        self.connections = connections
        self.state = Mutex(State(idle: connections))
    }

    /// Runs `body` with a connection no other query uses meanwhile.
    func withConnection<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        let connection = await checkOut()
        defer { checkIn(connection) }
        return try await body(connection)
    }

    private func checkOut() async -> SQLiteConnection {
        if let connection = state.withLock({ $0.idle.popLast() }) { return connection }
        return await withCheckedContinuation { continuation in
            let ready: SQLiteConnection? = state.withLock { state in
                if let connection = state.idle.popLast() { return connection }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        let waiter: CheckedContinuation<SQLiteConnection, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: connection)
    }
}

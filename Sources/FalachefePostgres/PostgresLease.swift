import FalachefeCore
import NIOConcurrencyHelpers
import PostgresNIO

/// One store call's wait for a connection and for its body (see `PostgresConnectionLeaser`):
/// resumes the caller exactly once — with the body's outcome, or with
/// `StoreError.unavailable` when the watchdog gives up on it.
final class PostgresLease<T: Sendable>: WatchedLease {
    private enum Phase {
        /// Waiting in the pool's queue.
        case waiting
        /// The body runs on `connection`; `closedSince` is when the watchdog first saw the
        /// connection closed under it.
        case started(PostgresConnection, closedSince: ContinuousClock.Instant?)
        /// The caller has been answered.
        case done
    }

    /// What the watchdog decided about the call.
    private enum Verdict { case keep, drop, expire, lost }

    private struct State {
        var phase = Phase.waiting
        var continuation: CheckedContinuation<T, any Error>?
        /// The answer given before the continuation was installed (a caller cancelled
        /// before it started waiting).
        var early: Result<T, any Error>?
        var work: Task<Void, Never>?
    }

    /// How long a closed connection may keep a statement waiting before the caller is
    /// answered: a statement the connection failed properly comes back within microseconds.
    static var closedConnectionGrace: Duration { .milliseconds(200) }

    let deadline: ContinuousClock.Instant
    let timeout: Duration
    private let state = NIOLockedValueBox(State())

    init(timeout: Duration) {
        deadline = .now + timeout
        self.timeout = timeout
    }

    var timedOut: StoreError { .unavailable("no database connection within \(timeout)") }

    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLockedValue { state in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            state.early = nil
            return early
        }
        if let early { continuation.resume(with: early) }
    }

    /// Keeps the task running the body, to cancel its lease request if the call ends first.
    func attach(_ work: Task<Void, Never>) {
        let ended = state.withLockedValue { state in
            state.work = work
            if case .done = state.phase { return true }
            return false
        }
        if ended { work.cancel() }
    }

    /// The pool handed over `connection`: true when the body may run (the call has not
    /// been answered meanwhile).
    func start(on connection: PostgresConnection) -> Bool {
        state.withLockedValue { state in
            guard case .waiting = state.phase else { return false }
            state.phase = .started(connection, closedSince: nil)
            return true
        }
    }

    /// The caller was cancelled: a call still waiting for a connection ends now; a running
    /// body is left to finish (its statements cannot be withdrawn halfway).
    func cancel() {
        let waiting = state.withLockedValue { state in
            if case .waiting = state.phase { return true }
            return false
        }
        if waiting { finish(.failure(CancellationError())) }
    }

    func inspect(at now: ContinuousClock.Instant) -> Bool {
        let verdict: Verdict = state.withLockedValue { state in
            switch state.phase {
            case .done: return .drop
            case .waiting: return now >= deadline ? .expire : .keep
            case .started(let connection, let closedSince):
                guard connection.isClosed else { return .keep }
                guard let closedSince else {
                    state.phase = .started(connection, closedSince: now)
                    return .keep
                }
                return now - closedSince >= Self.closedConnectionGrace ? .lost : .keep
            }
        }
        switch verdict {
        case .keep: return true
        case .drop: return false
        case .expire: finish(.failure(timedOut))
        case .lost: finish(.failure(StoreError.unavailable("database connection lost during a statement")))
        }
        return false
    }

    /// Answers the caller with the body's outcome or the lease's failure — once: later
    /// answers are ignored. A call answered before its body ran cancels the lease request.
    func finish(_ result: Result<T, any Error>) {
        let (continuation, work): (CheckedContinuation<T, any Error>?, Task<Void, Never>?) = state.withLockedValue { state in
            if case .done = state.phase { return (nil, nil) }
            let unstarted: Bool
            if case .waiting = state.phase { unstarted = true } else { unstarted = false }
            state.phase = .done
            if state.continuation == nil { state.early = result }
            defer { state.continuation = nil }
            return (state.continuation, unstarted ? state.work : nil)
        }
        work?.cancel()
        continuation?.resume(with: result)
    }
}

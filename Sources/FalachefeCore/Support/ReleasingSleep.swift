import Dispatch
import Synchronization

/// A sleep for timeouts: cancelled, it gives its timer back at once.
///
/// `Task.sleep` leaves its wake-up job queued on the executor until the deadline, however
/// early the sleeping task is cancelled. A timeout that races some work almost never fires,
/// so every one of them held its job (about 0.6 KB with its scheduling records) for its
/// whole length: in the crew benchmark the 30 s task deadline and the chat client's request
/// timeout kept some 8,000 of them alive, 5 MB of the server's heap (heaptrack). This sleep
/// arms a Dispatch timer and cancels it when the task is cancelled.
enum ReleasingSleep {
    /// Sleeps until `deadline`; throws `CancellationError` as soon as the task is cancelled.
    static func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await sleep(for: ContinuousClock.now.duration(to: deadline))
    }

    /// Sleeps for `duration`; throws `CancellationError` as soon as the task is cancelled.
    static func sleep(for duration: Duration) async throws {
        try await sleep(for: duration, on: Alarm())
    }

    /// Sleeps on the given alarm (tests hold it to see that it is let go).
    static func sleep(for duration: Duration, on alarm: Alarm) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                alarm.arm(after: duration, continuation)
            }
        } onCancel: {
            alarm.stop(CancellationError())
        }
    }
}

/// One timer and the continuation it resumes, resumed exactly once: by the timer or by a
/// cancellation, whichever comes first (a cancellation may even come before arming).
final class Alarm: Sendable {
    private enum State {
        case unarmed
        case armed(CheckedContinuation<Void, any Error>)
        case finished
    }

    private let state = Mutex(State.unarmed)
    /// Dispatch sources may be scheduled and cancelled from any thread.
    nonisolated(unsafe) private let timer = DispatchSource.makeTimerSource(queue: .global())

    /// Whether a sleeper waits on the timer now.
    var isArmed: Bool {
        state.withLock { state in
            if case .armed = state { true } else { false }
        }
    }

    func arm(after duration: Duration, _ continuation: CheckedContinuation<Void, any Error>) {
        let armed = state.withLock { state -> Bool in
            guard case .unarmed = state else { return false }
            state = .armed(continuation)
            return true
        }
        guard armed else {
            // libdispatch traps when an inactive source is released: activate it cancelled.
            timer.cancel()
            timer.activate()
            continuation.resume(throwing: CancellationError())
            return
        }
        timer.setEventHandler { self.stop(nil) }
        let (seconds, attoseconds) = max(duration, .zero).components
        let nanoseconds = seconds >= Int64(Int.max / 1_000_000_000)
            ? Int.max : Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds))
        timer.activate()
    }

    /// Resumes the sleeper (with `error`, or normally when the timer fired) and cancels the
    /// timer, unless that was done already.
    func stop(_ error: (any Error)?) {
        let armed = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            defer { state = .finished }
            guard case .armed(let continuation) = state else { return nil }
            return continuation
        }
        guard let armed else { return }
        timer.cancel()
        if let error { armed.resume(throwing: error) } else { armed.resume() }
    }
}

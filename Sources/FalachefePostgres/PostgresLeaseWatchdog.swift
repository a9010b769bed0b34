import NIOConcurrencyHelpers

/// A call the watchdog looks after.
protocol WatchedLease: AnyObject, Sendable {
    /// Answers the call if it waited too long; false once there is nothing left to watch.
    func inspect(at now: ContinuousClock.Instant) -> Bool
}

/// One task per store that looks at every call in flight every `interval` (see
/// `PostgresConnectionLeaser`): cheaper than a timer per call, and it exists only while
/// calls do — it ends when none is left and the next call starts it again.
final class PostgresLeaseWatchdog: Sendable {
    static var interval: Duration { .milliseconds(100) }

    private struct State {
        var leases: [ObjectIdentifier: any WatchedLease] = [:]
        var running = false
    }

    private let state = NIOLockedValueBox(State())

    func watch(_ lease: any WatchedLease) {
        let start = state.withLockedValue { state in
            state.leases[ObjectIdentifier(lease)] = lease
            guard !state.running else { return false }
            state.running = true
            return true
        }
        if start { Task { await self.run() } }
    }

    private func run() async {
        while true {
            try? await Task.sleep(for: Self.interval)
            let leases = state.withLockedValue { Array($0.leases.values) }
            let now = ContinuousClock.now
            let finished = leases.filter { !$0.inspect(at: now) }.map(ObjectIdentifier.init)
            let empty = state.withLockedValue { state in
                for id in finished { state.leases[id] = nil }
                if state.leases.isEmpty { state.running = false }
                return !state.running
            }
            if empty { return }
        }
    }
}

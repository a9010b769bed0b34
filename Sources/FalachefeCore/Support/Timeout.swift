/// Runs `operation` as a child task until `deadline`; past it the child is cancelled — the
/// cancellation reaches whatever it awaits, an HTTP call say — and `expired()` is thrown.
/// The timer is a `ReleasingSleep`, so a deadline the operation beats holds nothing once
/// the operation is done.
public func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, orThrow expired: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard deadline > .now else { throw expired() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await ReleasingSleep.sleep(until: deadline)
            throw expired()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw expired() }
        return first
    }
}

import Foundation

/// The per-task deadline (`CREWAI_TASK_TIMEOUT_SECONDS`) was reached.
public struct CrewDeadlineExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String { "crew task deadline exceeded" }
}

/// Runs `operation` until `deadline`; past it the operation's task is cancelled — which
/// reaches the HTTP call of the chat-completions client — and `CrewDeadlineExceeded` is thrown.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard deadline > .now else { throw CrewDeadlineExceeded() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await ReleasingSleep.sleep(until: deadline)
            throw CrewDeadlineExceeded()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CrewDeadlineExceeded() }
        return first
    }
}

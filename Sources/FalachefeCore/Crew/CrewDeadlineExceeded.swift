/// The per-task deadline (`CREWAI_TASK_TIMEOUT_SECONDS`) was reached.
public struct CrewDeadlineExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String { "crew task deadline exceeded" }
}

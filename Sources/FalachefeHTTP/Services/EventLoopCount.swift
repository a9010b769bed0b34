import NIOCore

/// How many event loops NIO's singleton group runs: the HTTP server's, and with
/// `EventLoopConcurrency` every task's.
///
/// On embedded defaults the SQLite writer and the checkpointer run on threads of their own,
/// so one loop per core puts three busy threads on two cores: requests, tenant actors and
/// the writer's commits then keep waking one another across cores. With one loop fewer than
/// the cores (at least one), the webhook path on the benchmark machine used 10–15% less CPU
/// per message at the same throughput (README, Benchmark). With PostgreSQL the server has
/// no writer thread and one loop per core (NIO's default) served more, so it stays.
///
/// The count must be set before anything starts the group (see `Entry.main`).
public enum EventLoopCount {
    /// The variable that overrides the choice.
    public static let variable = "FALACHEFE_EVENT_LOOPS"

    /// The count for this environment on a machine of `cores` cores; nil keeps NIO's
    /// default of one loop per core.
    public static func chosen(environment: [String: String], cores: Int) throws(ConfigurationError) -> Int? {
        let reader = EnvironmentReader(environment: environment)
        if let loops = try reader.int(variable, in: 1...256) { return loops }
        guard reader.string("DATABASE_URL") == nil else { return nil }
        return max(1, cores - 1)
    }

    /// Applies `chosen` to NIO's singleton group; call before the group is first used.
    public static func apply(environment: [String: String]) throws(ConfigurationError) {
        if let loops = try chosen(environment: environment, cores: System.coreCount) {
            NIOSingletons.groupLoopCountSuggestion = loops
        }
    }

    /// The count the singleton group runs (or will run) with, for the start-up log.
    public static var current: Int { NIOSingletons.groupLoopCountSuggestion }
}

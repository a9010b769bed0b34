import NIOCore
import NIOPosix

/// How many event loops NIO's singleton group runs: the HTTP server's, and with
/// `EventLoopConcurrency` every task's. NIO's default, one per core, unless
/// `FALACHEFE_EVENT_LOOPS` says otherwise.
///
/// A trade measured on the 2-core benchmark machine (README, Benchmark): with one loop the
/// webhook path on SQLite used 10–15% less CPU per message (the writer's and
/// checkpointer's threads then share two cores with one loop instead of two, and wake
/// each other less), but the crew path, which waits on LLM calls while serving webhooks
/// and UAZ sends, added 1–1.5 ms to its median overhead and more to its p99. The crew
/// path's latency is what users feel, so the default stays; intake-heavy deployments on
/// embedded defaults may set one loop fewer than the cores.
///
/// The count must be set before anything starts the group (see `Entry.main`).
public enum EventLoopCount {
    /// The variable that sets the count.
    public static let variable = "FALACHEFE_EVENT_LOOPS"

    /// The count `environment` asks for; nil keeps NIO's default of one loop per core.
    public static func chosen(environment: [String: String]) throws(ConfigurationError) -> Int? {
        try EnvironmentReader(environment: environment).int(variable, in: 1...256)
    }

    /// Applies `chosen` to NIO's singleton group; call before the group is first used.
    public static func apply(environment: [String: String]) throws(ConfigurationError) {
        if let loops = try chosen(environment: environment) {
            NIOSingletons.groupLoopCountSuggestion = loops
        }
    }

    /// The loops the singleton group runs, counted on the group itself (not the
    /// suggestion, which says nothing if the group started before it was set).
    public static var current: Int { MultiThreadedEventLoopGroup.singleton.makeIterator().reduce(0) { count, _ in count + 1 } }
}

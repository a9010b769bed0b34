import Foundation

/// Limits and timings of the tenant runtime. Defaults follow the seed where it has values.
public struct RuntimeConfiguration: Sendable, Hashable {
    /// Tenants idle longer than this are passivated (actor dropped; state is in the store).
    public var idleTimeout: TimeInterval = 15 * 60
    /// How often the idle sweep runs.
    public var sweepInterval: TimeInterval = 60
    /// How often the registry ticks (outbox retries, restarts, replays).
    public var tickInterval: TimeInterval = 1
    /// Most tenant actors alive at once; past it the least recently used idle one goes.
    public var maxLiveTenants: Int = 10_000
    /// Conversations of one tenant processed concurrently.
    public var bulkhead: Int = 4
    /// Unprocessed messages of one tenant above which the webhook answers 503.
    public var backlogHardLimit: Int = 5_000
    /// Per sender: `WHATSAPP_RATE_LIMIT_MESSAGES_PER_MINUTE` (seed: 10).
    public var senderMessagesPerMinute: Int = 10
    /// Per tenant, all senders together.
    public var tenantMessagesPerMinute: Int = 6_000
    /// Outbound sends to UAZ per instance (seed: 1000/min).
    public var outboundMessagesPerMinute: Int = 1_000
    /// Closed inbox rows (and so webhook dedupe) are kept this long; at least 7 days.
    public var inboxRetention: TimeInterval = 30 * 24 * 3600
    /// How often closed inbox rows past the retention are deleted.
    public var pruneInterval: TimeInterval = 3600
    /// Users and other per-tenant hot data kept in the tenant's memory cache.
    public var memoryCacheSize: Int = 256
    /// At most one onboarding reply per unknown sender within this window.
    public var onboardingWindow: TimeInterval = 24 * 3600
    /// Backoff for outbox retries after the gateway gave up on a send.
    public var outboxBackoff = Backoff(base: .seconds(2), max: .seconds(300))
    /// Base URL for instances created without one (`UAZ_API_URL`); resolved at send time,
    /// so replies kept while it was unset go out once it is set.
    public var defaultUAZBaseURL = ""
    /// Retry delay when no UAZ base URL is configured (replies stay in the outbox).
    public var unconfiguredGatewayRetry: TimeInterval = 60
    /// Memories not accessed for this long are deleted, unless important
    /// (`CREWAI_MEMORY_RETENTION_DAYS`, seed: 30).
    public var memoryRetention: TimeInterval = 30 * 24 * 3600
    /// Memories of this importance or more are never deleted by retention.
    public var memoryKeepImportance = 8
    /// Memories of one user kept in the tenant actor's cache (the store holds them all).
    public var memoriesPerUser = 200
    /// Conversation turns given to the crew as context.
    public var contextTurns = 6
    /// This node's name in claims on shared work (`FALACHEFE_NODE_ID`); unique per process.
    public var nodeID = RuntimeConfiguration.defaultNodeID()
    /// How long a claim on shared work lasts unless renewed (`FALACHEFE_CLAIM_LEASE_SECONDS`):
    /// the time another node waits before taking over the work of a node that died.
    public var claimLease: TimeInterval = 30
    /// With a store shared by several nodes, how long a company's LLM spending read from
    /// the store is trusted before it is read again (only for companies with a monthly
    /// budget): other nodes spend too, so a node alone could overspend the budget by what
    /// they spent since. One node alone counts every cost itself and reads once a month.
    public var sharedSpendRefresh: TimeInterval = 5
    public var breaker = CircuitBreaker.Configuration()
    public var supervision = SupervisionPolicy()
    /// The companies' time zone, for "hoje" and report periods.
    public var timeZone = TimeZone(identifier: "America/Sao_Paulo") ?? .current

    public init() {}
}

extension RuntimeConfiguration {
    /// Host name, process id and a random suffix: two processes never share a node id,
    /// even on one host after a restart with a reused pid.
    public static func defaultNodeID() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "node"
        let suffix = UUID().uuidString.prefix(8).lowercased()
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(suffix)"
    }
}

/// The per-tenant values `/metrics` reads at scrape time: a small copy, cheap to take from
/// each live tenant actor (a full `TenantSnapshot` also computes limiter state).
public struct TenantGauges: Sendable, Hashable {
    public var slug: String
    public var status: TenantStatus
    public var backlog: Int
    public var inFlight: Int
    public var outboxPending: Int
    public var llm: CircuitBreaker.State
    public var uaz: CircuitBreaker.State

    public init(
        slug: String, status: TenantStatus, backlog: Int, inFlight: Int, outboxPending: Int,
        llm: CircuitBreaker.State, uaz: CircuitBreaker.State
    ) {
        self.slug = slug
        self.status = status
        self.backlog = backlog
        self.inFlight = inFlight
        self.outboxPending = outboxPending
        self.llm = llm
        self.uaz = uaz
    }
}

import Foundation

/// What several server nodes share beyond the database: webhook dedupe markers, rate
/// limits, tenant change broadcasts and short-lived key-values (verification codes,
/// session cache). Redis in production; absent (`nil`) in embedded mode, where the
/// store's unique index dedupes and limits are the tenant actor's own.
///
/// Every call degrades instead of failing: when the backing service is unreachable the
/// answer is `nil` (or nothing happens) and the caller falls back to its local mechanism.
public protocol Coordinator: Sendable {
    /// Marks a durably stored message as seen for `retention` (at least 7 days): a
    /// redelivery to any node is answered `duplicate` without touching the database.
    func markSeen(tenantID: String, messageID: String, retention: TimeInterval) async
    /// Takes one unit of a limit shared by every node; nil when unavailable (the caller
    /// uses its local limiter).
    func take(_ limit: SharedLimit, now: Date) async -> TokenBucket.Decision?
    /// The intake's questions in one step: was the message seen, and else one unit of each
    /// of `limits` in order, stopping at the first one it is over (units of the earlier
    /// ones stay spent, none of the later ones is). Nil when unavailable.
    func admit(tenantID: String, messageID: String, limits: [SharedLimit], now: Date) async -> SharedVerdict?
    /// Tells every node (this one included) that a tenant changed.
    func publish(_ event: ClusterEvent) async
    /// Events published by any node, for as long as the caller iterates. Delivery is
    /// best effort: a node that missed events while disconnected reconciles from the store.
    func events() -> AsyncStream<ClusterEvent>
    /// Whether the backing service answers now (readiness).
    func isAvailable() async -> Bool

    /// Short-lived values shared by nodes (WhatsApp verification codes, sessions).
    func put(_ key: String, value: String, ttl: TimeInterval) async throws
    func value(for key: String) async throws -> String?
    func remove(_ key: String) async throws
}

/// What the nodes' shared state says of an incoming message (`Coordinator.admit`).
public enum SharedVerdict: Sendable, Hashable {
    /// Marked seen: a redelivery.
    case seen
    /// Within every limit.
    case allowed
    /// Over the limit of this name.
    case limited(limit: String)

    /// The name of the limit the message is over, if any.
    var limited: String? {
        if case .limited(let limit) = self { return limit }
        return nil
    }
}

/// A rate limit every node draws from: `capacity` units per `period` with bursts of up to
/// `capacity` (the same shape as `TokenBucket`).
public struct SharedLimit: Sendable, Hashable {
    /// Bounded name of the limit (`sender`, `tenant`, `outbound`), also its metric label.
    public var name: String
    /// What the limit applies to (tenant id, sender's canonical phone…).
    public var key: String
    public var capacity: Int
    public var period: TimeInterval

    public init(name: String, key: String, capacity: Int, period: TimeInterval) {
        self.name = name
        self.key = key
        self.capacity = capacity
        self.period = period
    }
}

/// Something every node must learn about a tenant.
public enum ClusterEvent: Sendable, Hashable, Codable {
    /// Status, settings, agents or instance changed: reload from the store.
    case tenantChanged(tenantID: String)
}

/// Failures of coordinator calls that cannot degrade (key-values).
public enum CoordinatorError: Error, Sendable, Hashable, CustomStringConvertible {
    case unavailable(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "coordinator unavailable: \(why)"
        }
    }
}

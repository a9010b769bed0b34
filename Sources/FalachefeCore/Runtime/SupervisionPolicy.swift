import Foundation

/// How the registry supervises tenants, like an OTP supervisor's restart intensity:
/// `maxFailures` unexpected failures within `window` quarantine the tenant, which is
/// restarted after `backoff` (1 s doubling to 5 min, jittered); a tenant that stays up for
/// `stablePeriod` after a restart starts again from the first backoff step.
public struct SupervisionPolicy: Sendable, Hashable {
    public var maxFailures: Int
    public var window: TimeInterval
    public var backoff: Backoff
    public var stablePeriod: TimeInterval

    public init(
        maxFailures: Int = 5, window: TimeInterval = 60,
        backoff: Backoff = Backoff(base: .seconds(1), max: .seconds(300)), stablePeriod: TimeInterval = 600
    ) {
        self.maxFailures = maxFailures
        self.window = window
        self.backoff = backoff
        self.stablePeriod = stablePeriod
    }
}

/// The supervisor's record of one tenant, a pure state machine.
public struct SupervisionRecord: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        case keepRunning
        case quarantine(until: Date)
    }

    public private(set) var recentFailures: [Date] = []
    /// Quarantines so far in the current unstable streak: the backoff exponent.
    public private(set) var consecutiveRestarts = 0
    public private(set) var totalRestarts = 0
    public private(set) var quarantinedUntil: Date?
    public private(set) var lastRestartAt: Date?
    public private(set) var lastFailure: String?
    public private(set) var lastFailureAt: Date?

    public init() {}

    /// Records an unexpected failure; decides whether to quarantine. `jitter` in 0...1.
    public mutating func recordFailure(
        _ description: String, now: Date, policy: SupervisionPolicy, jitter: Double
    ) -> Decision {
        lastFailure = description
        lastFailureAt = now
        if quarantinedUntil != nil { return .quarantine(until: quarantinedUntil ?? now) }
        if let lastRestartAt, now.timeIntervalSince(lastRestartAt) >= policy.stablePeriod {
            consecutiveRestarts = 0
        }
        recentFailures.append(now)
        recentFailures.removeAll { now.timeIntervalSince($0) > policy.window }
        guard recentFailures.count >= policy.maxFailures else { return .keepRunning }
        let delay = policy.backoff.delay(attempt: consecutiveRestarts, jitter: jitter)
        let until = now.addingTimeInterval(delay.seconds)
        quarantinedUntil = until
        recentFailures.removeAll()
        return .quarantine(until: until)
    }

    /// Whether a quarantined tenant is due for restart.
    public func isDueForRestart(now: Date) -> Bool {
        guard let quarantinedUntil else { return false }
        return now >= quarantinedUntil
    }

    /// Marks the restart done.
    public mutating func restarted(now: Date) {
        quarantinedUntil = nil
        consecutiveRestarts += 1
        totalRestarts += 1
        lastRestartAt = now
    }

    public var isQuarantined: Bool { quarantinedUntil != nil }
}

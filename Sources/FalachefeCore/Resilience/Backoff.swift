/// Exponential backoff with full jitter: attempt `n` (0-based) waits a random duration in
/// `[base·2ⁿ / 2, base·2ⁿ]`, capped at `max`. The random source is injectable for tests.
public struct Backoff: Sendable, Hashable {
    public var base: Duration
    public var max: Duration

    public init(base: Duration, max: Duration) {
        self.base = base
        self.max = max
    }

    /// The deterministic upper bound of attempt `attempt`.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = Swift.min(Swift.max(attempt, 0), 40)
        let seconds = base.seconds * Double(1 << UInt64(Swift.min(exponent, 62)))
        return Swift.min(.seconds(seconds), max)
    }

    /// The delay for `attempt`, jittered to between half and all of the ceiling.
    public func delay(attempt: Int, jitter unit: Double) -> Duration {
        let ceiling = ceiling(attempt: attempt).seconds
        let clamped = Swift.min(Swift.max(unit, 0), 1)
        return .seconds(ceiling / 2 + ceiling / 2 * clamped)
    }

    /// The delay for `attempt` with system randomness.
    public func delay(attempt: Int) -> Duration {
        delay(attempt: attempt, jitter: Double.random(in: 0...1))
    }
}

extension Duration {
    /// This duration as fractional seconds.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

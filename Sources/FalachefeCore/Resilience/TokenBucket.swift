import Foundation

/// A token bucket: `capacity` tokens, refilled continuously at `capacity / period`.
/// "10 messages per minute" is `TokenBucket(capacity: 10, period: 60)`: a burst of 10, then
/// one more every 6 s. Pure value: the owner passes the time.
public struct TokenBucket: Sendable, Hashable {
    public enum Decision: Sendable, Hashable {
        case allowed
        case limited(retryAfter: TimeInterval)
    }

    public let capacity: Double
    public let period: TimeInterval
    public private(set) var tokens: Double
    private var updatedAt: Date?

    public init(capacity: Int, period: TimeInterval) {
        self.capacity = Double(max(capacity, 1))
        self.period = max(period, 0.001)
        self.tokens = Double(max(capacity, 1))
    }

    private var refillPerSecond: Double { capacity / period }

    /// Takes one token if available.
    public mutating func take(now: Date) -> Decision {
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return .allowed
        }
        return .limited(retryAfter: (1 - tokens) / refillPerSecond)
    }

    /// Whether the bucket is full at `now` (an idle key that can be forgotten).
    public func isFull(now: Date) -> Bool {
        var copy = self
        copy.refill(now: now)
        return copy.tokens >= capacity
    }

    /// Tokens available at `now`, for snapshots.
    public func available(now: Date) -> Double {
        var copy = self
        copy.refill(now: now)
        return copy.tokens
    }

    private mutating func refill(now: Date) {
        if let updatedAt {
            let elapsed = max(now.timeIntervalSince(updatedAt), 0)
            tokens = min(capacity, tokens + elapsed * refillPerSecond)
        }
        updatedAt = now
    }
}

import Foundation

/// One token bucket per key (a sender), bounded: at most `maxKeys` buckets are kept; when
/// full, buckets that have refilled completely are dropped first (they carry no state),
/// then the least recently used.
public struct KeyedRateLimiter: Sendable {
    public let capacity: Int
    public let period: TimeInterval
    public let maxKeys: Int
    private var buckets = LRUCache<String, TokenBucket>(capacity: 1)

    public init(capacity: Int, period: TimeInterval, maxKeys: Int = 10_000) {
        self.capacity = capacity
        self.period = period
        self.maxKeys = max(maxKeys, 1)
        self.buckets = LRUCache(capacity: self.maxKeys)
    }

    public mutating func take(key: String, now: Date) -> TokenBucket.Decision {
        var bucket = buckets.value(for: key) ?? TokenBucket(capacity: capacity, period: period)
        let decision = bucket.take(now: now)
        if buckets.count >= maxKeys, buckets.value(for: key) == nil {
            buckets.removeAll { $0.isFull(now: now) }
        }
        buckets.set(bucket, for: key)
        return decision
    }

    /// Number of keys tracked.
    public var trackedKeys: Int { buckets.count }
}

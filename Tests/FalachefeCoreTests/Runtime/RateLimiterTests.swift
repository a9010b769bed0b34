import FalachefeCore
import Foundation
import Testing

/// Token buckets and the per-key limiter, driven with explicit times.
@Suite("Rate limiting")
struct RateLimiterTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    func retryAfter(_ decision: TokenBucket.Decision) -> TimeInterval? {
        if case .limited(let retryAfter) = decision { return retryAfter }
        return nil
    }

    @Test("10 per minute: a burst of 10, the 11th limited for about 6 s, allowed again after 6 s")
    func burstThenRefill() throws {
        var bucket = TokenBucket(capacity: 10, period: 60)
        for _ in 0..<10 { let result0 = bucket.take(now: t0); #expect(result0 == .allowed) }
        let result1 = bucket.take(now: t0)
        let wait = try #require(retryAfter(result1))
        #expect(abs(wait - 6) < 0.001)
        let result2 = bucket.take(now: at(5.9))
        #expect(retryAfter(result2) != nil)
        let result3 = bucket.take(now: at(6))
        #expect(result3 == .allowed)
        let result4 = bucket.take(now: at(6))
        #expect(retryAfter(result4) != nil)
        let result5 = bucket.take(now: at(12))
        #expect(result5 == .allowed)
    }

    @Test("refill is capped at capacity after a long idle time")
    func refillCapped() {
        var bucket = TokenBucket(capacity: 3, period: 60)
        for _ in 0..<3 { _ = bucket.take(now: t0) }
        #expect(bucket.available(now: at(3_600)) == 3)
        #expect(bucket.isFull(now: at(3_600)))
        for _ in 0..<3 { let result6 = bucket.take(now: at(3_600)); #expect(result6 == .allowed) }
        let result7 = bucket.take(now: at(3_600))
        #expect(retryAfter(result7) != nil)
    }

    @Test("a clock that goes backwards does not mint tokens")
    func clockBackwards() {
        var bucket = TokenBucket(capacity: 1, period: 60)
        let result8 = bucket.take(now: at(100))
        #expect(result8 == .allowed)
        let result9 = bucket.take(now: at(10))
        #expect(retryAfter(result9) != nil)
    }

    @Test("keys are independent: one sender's burst does not limit another")
    func keysIndependent() {
        var limiter = KeyedRateLimiter(capacity: 2, period: 60)
        let result10 = limiter.take(key: "a", now: t0)
        #expect(result10 == .allowed)
        let result11 = limiter.take(key: "a", now: t0)
        #expect(result11 == .allowed)
        let result12 = limiter.take(key: "a", now: t0)
        #expect(retryAfter(result12) != nil)
        let result13 = limiter.take(key: "b", now: t0)
        #expect(result13 == .allowed)
        let result14 = limiter.take(key: "b", now: t0)
        #expect(result14 == .allowed)
        #expect(limiter.trackedKeys == 2)
    }

    @Test("the number of tracked keys never exceeds maxKeys")
    func boundedKeys() {
        var limiter = KeyedRateLimiter(capacity: 5, period: 60, maxKeys: 3)
        for index in 0..<50 {
            _ = limiter.take(key: "sender-\(index)", now: at(Double(index) * 0.01))
            #expect(limiter.trackedKeys <= 3)
        }
        #expect(limiter.trackedKeys == 3)
    }

    @Test("when full, refilled buckets are dropped before a limited sender's bucket")
    func fullBucketsDroppedFirst() {
        var limiter = KeyedRateLimiter(capacity: 10, period: 60, maxKeys: 2)
        for _ in 0..<10 { _ = limiter.take(key: "spammer", now: t0) }  // least recently used, empty
        _ = limiter.take(key: "quiet", now: at(1))  // refilled again by t0 + 7
        _ = limiter.take(key: "new", now: at(7))
        #expect(limiter.trackedKeys == 2)
        // The spammer kept its state: ~1.2 tokens after 7 s, so one more then limited.
        let result15 = limiter.take(key: "spammer", now: at(7))
        #expect(result15 == .allowed)
        let result16 = limiter.take(key: "spammer", now: at(7))
        #expect(retryAfter(result16) != nil)
    }

    @Test("a key evicted as least recently used starts again with a full bucket")
    func lruEviction() {
        var limiter = KeyedRateLimiter(capacity: 1, period: 60, maxKeys: 1)
        let result17 = limiter.take(key: "a", now: t0)
        #expect(result17 == .allowed)
        let result18 = limiter.take(key: "b", now: t0)
        #expect(result18 == .allowed)
        #expect(limiter.trackedKeys == 1)
        let result19 = limiter.take(key: "b", now: t0)
        #expect(retryAfter(result19) != nil)
    }
}

/// Exponential backoff: deterministic ceilings and jitter bounds.
@Suite("Backoff")
struct BackoffTests {
    let backoff = Backoff(base: .seconds(1), max: .seconds(300))

    @Test("ceilings double from 1 s and are capped at 300 s")
    func ceilings() {
        let seconds = (0..<12).map { backoff.ceiling(attempt: $0).seconds }
        #expect(seconds == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300])
        #expect(backoff.ceiling(attempt: -3).seconds == 1)
        #expect(backoff.ceiling(attempt: 1_000).seconds == 300)
        #expect(backoff.ceiling(attempt: Int.max).seconds == 300)
    }

    @Test("jitter maps 0…1 to half the ceiling…the ceiling, clamped outside")
    func jitterBounds() {
        #expect(backoff.delay(attempt: 3, jitter: 0).seconds == 4)
        #expect(backoff.delay(attempt: 3, jitter: 0.5).seconds == 6)
        #expect(backoff.delay(attempt: 3, jitter: 1).seconds == 8)
        #expect(backoff.delay(attempt: 3, jitter: -2).seconds == 4)
        #expect(backoff.delay(attempt: 3, jitter: 7).seconds == 8)
        #expect(backoff.delay(attempt: 20, jitter: 1).seconds == 300)
    }

    @Test("random delays stay within [ceiling / 2, ceiling]")
    func randomDelays() {
        for attempt in 0..<12 {
            let ceiling = backoff.ceiling(attempt: attempt).seconds
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt).seconds
                #expect(delay >= ceiling / 2 && delay <= ceiling)
            }
        }
    }

    @Test("a sub-second base keeps its fractions")
    func fractionalBase() {
        let short = Backoff(base: .milliseconds(250), max: .seconds(1))
        #expect((0..<4).map { short.ceiling(attempt: $0).seconds } == [0.25, 0.5, 1, 1])
    }
}

import FalachefeCore
import Foundation
import Testing

/// The circuit breaker state machine, driven with explicit times.
@Suite("CircuitBreaker")
struct CircuitBreakerTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    /// Default shape: 50 % of at least 5 calls in 60 s opens; 30 s open; 1 probe.
    let configuration = CircuitBreaker.Configuration(
        failureRateThreshold: 0.5, minimumCalls: 5, window: 60, openWait: 30, halfOpenProbes: 1)

    /// Records `count` outcomes one second apart from `start`; returns every transition.
    func record(
        _ breaker: inout CircuitBreaker, _ count: Int, success: Bool, from start: TimeInterval
    ) -> [CircuitBreaker.State] {
        (0..<count).compactMap { step in
            breaker.record(success: success, now: t0.addingTimeInterval(start + Double(step)))
        }
    }

    /// A breaker opened at `t0 + at` by five failures ending there.
    func opened(at: TimeInterval = 4) -> CircuitBreaker {
        var breaker = CircuitBreaker(configuration: configuration)
        _ = record(&breaker, 5, success: false, from: at - 4)
        return breaker
    }

    @Test("stays closed below minimumCalls even when every call fails")
    func closedBelowMinimumCalls() {
        var breaker = CircuitBreaker(configuration: configuration)
        let result0 = record(&breaker, 4, success: false, from: 0)
        #expect(result0.isEmpty)
        #expect(breaker.state == .closed)
        let result1 = breaker.acquire(now: t0.addingTimeInterval(5))
        #expect(result1.0 == .allowed)
    }

    @Test("opens when the failure rate in the window reaches the threshold")
    func opensAtFailureRate() {
        var breaker = CircuitBreaker(configuration: configuration)
        let result2 = record(&breaker, 3, success: true, from: 0)
        #expect(result2.isEmpty)
        let result3 = record(&breaker, 2, success: false, from: 3)
        #expect(result3.isEmpty)  // 2 of 5: 40 %
        #expect(breaker.state == .closed)
        let result4 = breaker.record(success: false, now: t0.addingTimeInterval(5))
        #expect(result4 == .open)  // 3 of 6: 50 %
        #expect(breaker.state == .open)
    }

    @Test("outcomes older than the window no longer count")
    func oldOutcomesLeaveWindow() {
        var breaker = CircuitBreaker(configuration: configuration)
        let result5 = record(&breaker, 4, success: false, from: 0)
        #expect(result5.isEmpty)
        // 61 s after the first failures they are out of the window: 1 failure of 1 call.
        let result6 = breaker.record(success: false, now: t0.addingTimeInterval(64))
        #expect(result6 == nil)
        #expect(breaker.state == .closed)
        // Successes that left the window do not dilute a later failure burst either.
        var diluted = CircuitBreaker(configuration: configuration)
        _ = record(&diluted, 20, success: true, from: 0)
        let result7 = record(&diluted, 5, success: false, from: 100)
        #expect(result7 == [.open])
    }

    @Test("open rejects calls with the remaining wait as retryAfter")
    func openRejects() {
        var breaker = opened(at: 4)
        let (permission, transition) = breaker.acquire(now: t0.addingTimeInterval(14))
        #expect(permission == .rejected(retryAfter: 20))
        #expect(transition == nil)
        #expect(breaker.state == .open)
        // Late outcomes of calls started before the trip change nothing.
        let result8 = breaker.record(success: true, now: t0.addingTimeInterval(15))
        #expect(result8 == nil)
        #expect(breaker.state == .open)
    }

    @Test("after openWait one probe is let through (half-open) and others are rejected")
    func halfOpenAfterOpenWait() {
        var breaker = opened(at: 4)
        let probe = breaker.acquire(now: t0.addingTimeInterval(34))
        #expect(probe.0 == .allowed)
        #expect(probe.transition == .halfOpen)
        #expect(breaker.state == .halfOpen)
        let second = breaker.acquire(now: t0.addingTimeInterval(34))
        guard case .rejected(let retryAfter) = second.0 else {
            Issue.record("second call in half-open was allowed")
            return
        }
        #expect(retryAfter > 0)
        #expect(second.transition == nil)
    }

    @Test("a probe permission given back unused lets the next call probe instead")
    func releasedProbe() {
        var breaker = opened()
        let probe = breaker.acquire(now: t0.addingTimeInterval(40))
        #expect(probe.0 == .allowed)
        #expect(breaker.state == .halfOpen)
        breaker.release()
        #expect(breaker.acquire(now: t0.addingTimeInterval(41)).0 == .allowed, "the freed slot is taken again")
        #expect(breaker.acquire(now: t0.addingTimeInterval(42)).0 != .allowed, "still one probe at a time")
        breaker.release()
        breaker.release()
        #expect(breaker.acquire(now: t0.addingTimeInterval(43)).0 == .allowed, "releasing twice frees one slot, no more")
        #expect(breaker.record(success: true, now: t0.addingTimeInterval(44)) == .closed)
    }

    @Test("a successful probe closes the breaker with a fresh window")
    func probeSuccessCloses() {
        var breaker = opened(at: 4)
        _ = breaker.acquire(now: t0.addingTimeInterval(34))
        let result9 = breaker.record(success: true, now: t0.addingTimeInterval(35))
        #expect(result9 == .closed)
        #expect(breaker.state == .closed)
        // The failures before the trip are forgotten: 4 new failures do not reopen it.
        let result10 = record(&breaker, 4, success: false, from: 36)
        #expect(result10.isEmpty)
    }

    @Test("a failed probe reopens the breaker for another openWait")
    func probeFailureReopens() {
        var breaker = opened(at: 4)
        _ = breaker.acquire(now: t0.addingTimeInterval(34))
        let result11 = breaker.record(success: false, now: t0.addingTimeInterval(35))
        #expect(result11 == .open)
        let result12 = breaker.acquire(now: t0.addingTimeInterval(45))
        #expect(result12.0 == .rejected(retryAfter: 20))
        let result13 = breaker.acquire(now: t0.addingTimeInterval(65))
        #expect(result13.transition == .halfOpen)
    }

    @Test("several probes: all must succeed to close")
    func severalProbes() {
        var configuration = configuration
        configuration.halfOpenProbes = 2
        var breaker = CircuitBreaker(configuration: configuration)
        _ = record(&breaker, 5, success: false, from: 0)
        let result14 = breaker.acquire(now: t0.addingTimeInterval(40))
        #expect(result14.0 == .allowed)
        let result15 = breaker.acquire(now: t0.addingTimeInterval(40))
        #expect(result15.0 == .allowed)
        guard case .rejected = breaker.acquire(now: t0.addingTimeInterval(40)).0 else {
            Issue.record("a third probe was allowed")
            return
        }
        let result16 = breaker.record(success: true, now: t0.addingTimeInterval(41))
        #expect(result16 == nil)
        let result17 = breaker.record(success: true, now: t0.addingTimeInterval(41))
        #expect(result17 == .closed)
    }

    @Test("every transition is returned exactly once over a full cycle")
    func transitionsReturnedOnce() {
        var breaker = CircuitBreaker(configuration: configuration)
        var transitions: [CircuitBreaker.State] = []
        var now: TimeInterval = 0
        func call(_ success: Bool) {
            let (permission, transition) = breaker.acquire(now: t0.addingTimeInterval(now))
            if let transition { transitions.append(transition) }
            if permission == .allowed, let recorded = breaker.record(success: success, now: t0.addingTimeInterval(now)) {
                transitions.append(recorded)
            }
            now += 1
        }
        for _ in 0..<8 { call(false) }  // opens at the 5th, then 3 rejections
        now += 30
        call(false)  // half-open probe fails: open again
        for _ in 0..<3 { call(true) }  // rejected while open
        now += 30
        call(true)  // half-open probe succeeds: closed
        for _ in 0..<3 { call(true) }
        #expect(transitions == [.open, .halfOpen, .open, .halfOpen, .closed])
        #expect(breaker.state == .closed)
    }
}

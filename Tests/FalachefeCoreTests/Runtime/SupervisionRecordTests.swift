import FalachefeCore
import Foundation
import Testing

/// The supervisor's restart-intensity state machine (5 failures in 60 s, backoff 1 s → 5 min).
@Suite("SupervisionRecord")
struct SupervisionRecordTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let policy = SupervisionPolicy()

    func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    /// Records `count` failures `spacing` seconds apart from `start` (jitter 1: full ceiling).
    func fail(
        _ record: inout SupervisionRecord, _ count: Int, from start: TimeInterval, spacing: TimeInterval = 1
    ) -> [SupervisionRecord.Decision] {
        (0..<count).map { step in
            record.recordFailure("boom \(step)", now: at(start + Double(step) * spacing), policy: policy, jitter: 1)
        }
    }

    @Test("4 failures keep the tenant running; the 5th within 60 s quarantines until now + backoff")
    func fifthFailureQuarantines() {
        var record = SupervisionRecord()
        #expect(fail(&record, 4, from: 0) == Array(repeating: .keepRunning, count: 4))
        #expect(!record.isQuarantined)
        let decision = record.recordFailure("boom", now: at(10), policy: policy, jitter: 1)
        #expect(decision == .quarantine(until: at(11)))
        #expect(record.isQuarantined)
        #expect(record.quarantinedUntil == at(11))
        #expect(record.lastFailure == "boom")
        #expect(record.lastFailureAt == at(10))
        #expect(!record.isDueForRestart(now: at(10.5)))
        #expect(record.isDueForRestart(now: at(11)))
    }

    @Test("jitter shortens the first backoff to between 0.5 s and 1 s")
    func jitteredFirstBackoff() {
        var record = SupervisionRecord()
        _ = fail(&record, 4, from: 0)
        let decision = record.recordFailure("boom", now: at(4), policy: policy, jitter: 0)
        #expect(decision == .quarantine(until: at(4.5)))
    }

    @Test("failures spread over more than 60 s never quarantine")
    func spreadFailuresDoNot() {
        var record = SupervisionRecord()
        let decisions = fail(&record, 30, from: 0, spacing: 16)
        #expect(decisions.allSatisfy { $0 == .keepRunning })
        #expect(!record.isQuarantined)
        #expect(record.recentFailures.count <= 4)
    }

    @Test("failures while quarantined keep the same deadline and do not accumulate")
    func failuresWhileQuarantined() {
        var record = SupervisionRecord()
        _ = fail(&record, 5, from: 0)
        let until = record.quarantinedUntil
        #expect(record.recordFailure("late", now: at(4.5), policy: policy, jitter: 1) == .quarantine(until: at(5)))
        #expect(record.quarantinedUntil == until)
        #expect(record.recentFailures.isEmpty)
        #expect(record.lastFailure == "late")
    }

    @Test("each restart doubles the next backoff, up to 5 minutes")
    func restartDoublesBackoff() {
        var record = SupervisionRecord()
        var now: TimeInterval = 0
        var delays: [TimeInterval] = []
        for _ in 0..<11 {
            let decisions = fail(&record, 5, from: now)
            guard case .quarantine(let until)? = decisions.last else {
                Issue.record("not quarantined: \(decisions)")
                return
            }
            delays.append(until.timeIntervalSince(at(now + 4)))
            now = until.timeIntervalSince(t0)
            #expect(record.isDueForRestart(now: at(now)))
            record.restarted(now: at(now))
            #expect(!record.isQuarantined)
        }
        #expect(delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300])
        #expect(record.totalRestarts == 11)
        #expect(record.consecutiveRestarts == 11)
    }

    @Test("a tenant stable for the stable period after a restart starts again at 1 s")
    func stablePeriodResets() {
        var record = SupervisionRecord()
        _ = fail(&record, 5, from: 0)
        record.restarted(now: at(5))
        _ = fail(&record, 5, from: 10)
        record.restarted(now: at(16))
        #expect(record.consecutiveRestarts == 2)
        // Up for 600 s since the last restart: the streak is over.
        let decisions = fail(&record, 5, from: 616)
        #expect(decisions.last == .quarantine(until: at(621)))
        #expect(record.totalRestarts == 2)
    }

    @Test("a restart shortly after the previous one keeps escalating")
    func unstableKeepsEscalating() {
        var record = SupervisionRecord()
        _ = fail(&record, 5, from: 0)
        record.restarted(now: at(5))
        let decisions = fail(&record, 5, from: 500)
        #expect(decisions.last == .quarantine(until: at(506)))
    }
}

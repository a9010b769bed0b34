@testable import FalachefeCore
import Testing

/// The timeout sleep that lets go of its timer when cancelled.
@Suite("ReleasingSleep")
struct ReleasingSleepTests {
    @Test("a sleep that is not cancelled returns normally once its time has passed")
    func returnsAfterItsDuration() async throws {
        let start = ContinuousClock.now
        try await ReleasingSleep.sleep(for: .milliseconds(20))
        #expect(ContinuousClock.now - start >= .milliseconds(20))
    }

    @Test("a sleep until a deadline already passed returns at once")
    func pastDeadlineReturns() async throws {
        try await ReleasingSleep.sleep(until: .now - .seconds(1))
    }

    @Test("a task cancelled before it sleeps throws CancellationError")
    func cancelledBeforeSleeping() async {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await ReleasingSleep.sleep(for: .seconds(3_600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("a cancelled sleep ends at once and lets go of its timer, not an hour later", .timeLimit(.minutes(1)))
    func cancelledSleepReleasesItsTimer() async throws {
        weak var released: Alarm?
        do {
            let alarm = Alarm()
            released = alarm
            let sleeper = Task { try await ReleasingSleep.sleep(for: .seconds(3_600), on: alarm) }
            try await poll { alarm.isArmed }
            sleeper.cancel()
            await #expect(throws: CancellationError.self) { try await sleeper.value }
        }
        // The timer's handler holds the alarm until libdispatch has finished cancelling it.
        try await poll { released == nil }
        #expect(released == nil)
    }

    /// Waits until `condition` holds, for at most 10 s.
    private func poll(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

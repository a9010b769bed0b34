import Foundation

/// Polls `condition` until it holds or `timeout` passes — for tests that wait on
/// asynchronous work without sleeping a fixed time.
public func eventually(
    timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}

import Foundation

/// The source of time for everything with windows, expiry, backoff or idle timeouts.
/// Tests use a manual clock and advance it instead of sleeping.
public protocol RuntimeClock: Sendable {
    func now() -> Date
}

/// Wall-clock time.
public struct SystemClock: RuntimeClock {
    public init() {}
    public func now() -> Date { Date() }
}

import DequeModule
import Foundation

/// A circuit breaker as a pure state machine: the owner (a tenant actor) asks for
/// permission before a call and records the outcome after it; both return what changed so
/// the owner can count transitions. Closed → open when, within `window`, at least
/// `minimumCalls` calls were seen and the failure rate reached `failureRateThreshold`.
/// Open → half-open after `openWait`; half-open lets `halfOpenProbes` calls through:
/// all succeed → closed, any fails → open again.
public struct CircuitBreaker: Sendable {
    public struct Configuration: Sendable, Hashable {
        public var failureRateThreshold: Double
        public var minimumCalls: Int
        public var window: TimeInterval
        public var openWait: TimeInterval
        public var halfOpenProbes: Int

        public init(
            failureRateThreshold: Double = 0.5, minimumCalls: Int = 5, window: TimeInterval = 60,
            openWait: TimeInterval = 30, halfOpenProbes: Int = 1
        ) {
            self.failureRateThreshold = failureRateThreshold
            self.minimumCalls = minimumCalls
            self.window = window
            self.openWait = openWait
            self.halfOpenProbes = halfOpenProbes
        }
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case closed
        case open
        case halfOpen = "half_open"

        /// Gauge encoding: 0 closed, 1 half-open, 2 open.
        public var gaugeValue: Double {
            switch self {
            case .closed: 0
            case .halfOpen: 1
            case .open: 2
            }
        }
    }

    /// Answer to `acquire`.
    public enum Permission: Sendable, Hashable {
        case allowed
        case rejected(retryAfter: TimeInterval)
    }

    public let configuration: Configuration
    public private(set) var state: State = .closed
    private var outcomes: Deque<(at: Date, failed: Bool)> = []
    private var openedAt: Date?
    private var probesStarted = 0
    private var probesSucceeded = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Asks to make a call. May move open → half-open; the transition, if any, is returned.
    public mutating func acquire(now: Date) -> (Permission, transition: State?) {
        switch state {
        case .closed:
            return (.allowed, nil)
        case .open:
            let openedAt = openedAt ?? now
            let elapsed = now.timeIntervalSince(openedAt)
            guard elapsed >= configuration.openWait else {
                return (.rejected(retryAfter: configuration.openWait - elapsed), nil)
            }
            state = .halfOpen
            probesStarted = 1
            probesSucceeded = 0
            return (.allowed, .halfOpen)
        case .halfOpen:
            guard probesStarted < configuration.halfOpenProbes else {
                return (.rejected(retryAfter: 1), nil)
            }
            probesStarted += 1
            return (.allowed, nil)
        }
    }

    /// Gives back a permission whose call was never made (the work needed no call after
    /// all): a half-open breaker frees the probe slot instead of waiting for it forever.
    public mutating func release() {
        guard state == .halfOpen, probesStarted > probesSucceeded else { return }
        probesStarted -= 1
    }

    /// Records a call's outcome; returns the new state when it changed.
    public mutating func record(success: Bool, now: Date) -> State? {
        switch state {
        case .open:
            return nil
        case .halfOpen:
            guard success else { return trip(now: now) }
            probesSucceeded += 1
            guard probesSucceeded >= configuration.halfOpenProbes else { return nil }
            state = .closed
            outcomes.removeAll()
            return .closed
        case .closed:
            outcomes.append((now, !success))
            while let first = outcomes.first, now.timeIntervalSince(first.at) > configuration.window {
                outcomes.removeFirst()
            }
            guard outcomes.count >= configuration.minimumCalls else { return nil }
            let failures = outcomes.reduce(0) { $0 + ($1.failed ? 1 : 0) }
            let rate = Double(failures) / Double(outcomes.count)
            return rate >= configuration.failureRateThreshold ? trip(now: now) : nil
        }
    }

    private mutating func trip(now: Date) -> State {
        state = .open
        openedAt = now
        outcomes.removeAll()
        probesStarted = 0
        probesSucceeded = 0
        return .open
    }
}

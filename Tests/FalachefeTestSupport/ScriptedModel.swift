import FalachefeCore
import Foundation
import Synchronization

/// A `LanguageModel` for runtime tests: delegates to `BuiltinLanguageModel`, but throws for
/// texts containing a chosen marker, can hold calls until released or add latency, and
/// counts concurrent calls.
public final class ScriptedModel: LanguageModel {
    /// The error thrown for a scripted failure.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var text: String
        public var description: String { "scripted model failure" }
    }

    private struct State {
        var failingMarkers: Set<String> = []
        var heldMarkers: Set<String> = []
        var inFlight = 0
        var maxInFlight = 0
        var analyzed: [String] = []
    }

    private let builtin = BuiltinLanguageModel()
    private let latency: Duration
    private let state = Mutex(State())

    /// - Parameters:
    ///   - failing: texts containing any of these markers throw `Failure`.
    ///   - latency: how long each call takes (lets concurrent calls overlap).
    public init(failing: Set<String> = [], latency: Duration = .zero) {
        self.latency = latency
        state.withLock { $0.failingMarkers = failing }
    }

    public func analyze(_ text: String, today: LedgerDay) async throws -> MessageAnalysis {
        let fails = state.withLock { state in
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
            state.analyzed.append(text)
            return state.failingMarkers.contains { text.contains($0) }
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        if latency > .zero { try? await Task.sleep(for: latency) }
        while isHeld(text), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(2)) }
        if fails { throw Failure(text: text) }
        return try await builtin.analyze(text, today: today)
    }

    /// Texts containing `marker` fail from now on (or no longer, with `false`).
    public func setFailing(_ marker: String, _ failing: Bool = true) {
        state.withLock { state in
            if failing { state.failingMarkers.insert(marker) } else { state.failingMarkers.remove(marker) }
        }
    }

    /// Calls for texts containing `marker` wait (in flight) until `release(marker)`.
    public func hold(_ marker: String) {
        state.withLock { _ = $0.heldMarkers.insert(marker) }
    }

    public func release(_ marker: String) {
        state.withLock { _ = $0.heldMarkers.remove(marker) }
    }

    private func isHeld(_ text: String) -> Bool {
        state.withLock { state in state.heldMarkers.contains { text.contains($0) } }
    }

    /// The most calls that were in flight at once.
    public var maxInFlight: Int { state.withLock { $0.maxInFlight } }

    /// Calls in flight now.
    public var inFlight: Int { state.withLock { $0.inFlight } }

    /// Every analysed text, in call order.
    public var analyzed: [String] { state.withLock { $0.analyzed } }
}

import NIOConcurrencyHelpers

/// Hands every element to every current consumer: each `subscribe()` gets its own
/// `AsyncStream` of everything yielded after it subscribed.
///
/// A lock rather than an actor, because both ends are synchronous: `Coordinator.events()`
/// must return its stream without `await`, and elements are yielded from the pub/sub
/// connection's event loop, in order (hopping through an actor would reorder them).
final class Broadcast<Element: Sendable>: Sendable {
    private struct State {
        var consumers: [UInt64: AsyncStream<Element>.Continuation] = [:]
        var nextID: UInt64 = 0
        var finished = false
    }

    private let state = NIOLockedValueBox(State())

    /// A new stream of the elements yielded from now on; it ends when `finish()` is called
    /// or the consumer stops iterating.
    func subscribe() -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(1024))
        let id: UInt64? = state.withLockedValue { state in
            guard !state.finished else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.consumers[id] = continuation
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLockedValue { $0.consumers.removeValue(forKey: id) }
        }
        return stream
    }

    func yield(_ element: Element) {
        let consumers = state.withLockedValue { Array($0.consumers.values) }
        for consumer in consumers { consumer.yield(element) }
    }

    /// Ends every stream, present and future.
    func finish() {
        let consumers = state.withLockedValue { state in
            state.finished = true
            defer { state.consumers.removeAll() }
            return Array(state.consumers.values)
        }
        for consumer in consumers { consumer.finish() }
    }
}

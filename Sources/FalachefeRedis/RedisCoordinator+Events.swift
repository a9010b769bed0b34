import FalachefeCore
import Foundation

/// Tenant change broadcasts over pub/sub on `<prefix>events`.
///
/// A published event is delivered to this node's consumers at once, without a round trip
/// and even when Redis is down (a pause on this node must stop the tenant here whatever
/// happens), and to the other nodes through Redis. Payloads carry the publishing node's
/// `origin` so that its own echo is skipped.
extension RedisCoordinator {
    public func publish(_ event: ClusterEvent) async {
        broadcast.yield(event)
        guard let payload = EventEnvelope(origin: origin, event: event).json else { return }
        _ = await degrading(Operation.publish) {
            try await client.send(["PUBLISH", subscriber.channel, payload])
        }
    }

    /// Every event published by any node from now on, until the caller stops iterating or
    /// the coordinator shuts down. Needs `run()` (it runs the subscriber).
    public func events() -> AsyncStream<ClusterEvent> {
        broadcast.subscribe()
    }
}

/// The wire form of a broadcast: `{"origin":"<node>","event":{…}}`.
struct EventEnvelope: Codable, Sendable {
    var origin: String
    var event: ClusterEvent

    init(origin: String, event: ClusterEvent) {
        self.origin = origin
        self.event = event
    }

    init?(json: String) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = decoded
    }

    var json: String? {
        (try? JSONEncoder().encode(self)).map { String(decoding: $0, as: UTF8.self) }
    }
}

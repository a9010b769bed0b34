import FalachefeCore
import Foundation

/// Webhook dedupe shared by every node.
///
/// The marker is written only after the database committed the message (`markSeen` is
/// called by the intake once the row is stored), and checked before, with the limits, by
/// `admit`. Marking first would be wrong: a node crashing between the marker and the commit would make the
/// provider's retry look like a duplicate, and an acknowledged message would be lost. So a
/// redelivery is caught by the marker in the common case, and by the database's unique
/// index — which stays the authority — in the rare window between commit and marker.
extension RedisCoordinator {
    /// Markers live at least this long: providers redeliver for days.
    public static let minimumDedupeRetention: TimeInterval = 7 * 24 * 60 * 60

    public func markSeen(tenantID: String, messageID: String, retention: TimeInterval) async {
        let seconds = Int(max(retention, Self.minimumDedupeRetention).rounded(.up))
        _ = await degrading(Operation.dedupe) {
            try await client.send([
                "SET", dedupeKey(tenantID: tenantID, messageID: messageID), "1", "NX", "EX", String(seconds),
            ])
        }
    }

    /// `<prefix>dedupe:<tenant>:<message>`.
    public func dedupeKey(tenantID: String, messageID: String) -> String {
        "\(keyPrefix)dedupe:\(tenantID):\(messageID)"
    }
}

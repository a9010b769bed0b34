import FalachefeCore

extension UAZWebhookEvent {
    /// The raw event of `messages_update` (receipts) and `presence`.
    public struct Event: Sendable, Hashable {
        /// Bare message ids (uazapi's `messageid`, without the `owner:` prefix).
        public var messageIDs: [String]?
        /// `Delivered`, `Read`, `Played`… for receipts.
        public var type: String?
        /// Seconds since 1970.
        public var timestamp: Int64?
        public var chat: String?
        public var isFromMe: Bool?
        /// Presence state, e.g. `composing`.
        public var state: String?

        init(json: [String: WebhookJSON]) {
            messageIDs = Lenient.strings(json[.eventMessageIDs])
            type = Lenient.string(json[.eventKind])
            timestamp = Lenient.int64(json[.eventTimestamp])
            chat = Lenient.string(json[.eventChat])
            isFromMe = Lenient.bool(json[.eventIsFromMe])
            state = Lenient.string(json[.eventState])
        }
    }

    /// The delivery status a receipt reports, from `state`, else `event.Type`:
    /// `Sent`/`ServerAck` → sent, `Delivered` → delivered, `Read` → read, `Played` → played.
    public var receiptStatus: OutboxStatus? {
        Self.receiptStatus(state) ?? Self.receiptStatus(event?.type)
    }

    static func receiptStatus(_ raw: String?) -> OutboxStatus? {
        switch raw?.lowercased() {
        case "sent", "serverack": .sent
        case "delivered": .delivered
        case "read": .read
        case "played": .played
        default: nil
        }
    }
}

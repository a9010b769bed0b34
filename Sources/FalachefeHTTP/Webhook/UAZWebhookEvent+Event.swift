import FalachefeCore

extension UAZWebhookEvent {
    /// The raw event of `messages_update` (receipts) and `presence`.
    public struct Event: Decodable, Sendable, Hashable {
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

        enum CodingKeys: String, CodingKey {
            case messageIDs = "MessageIDs"
            case type = "Type"
            case timestamp = "Timestamp"
            case chat = "Chat"
            case isFromMe = "IsFromMe"
            case state = "State"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            messageIDs = Lenient.strings(container, .messageIDs)
            type = Lenient.string(container, .type)
            timestamp = Lenient.int64(container, .timestamp)
            chat = Lenient.string(container, .chat)
            isFromMe = Lenient.bool(container, .isFromMe)
            state = Lenient.string(container, .state)
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

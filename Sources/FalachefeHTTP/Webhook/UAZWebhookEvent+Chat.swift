extension UAZWebhookEvent {
    /// The conversation a message belongs to.
    public struct Chat: Decodable, Sendable, Hashable {
        /// uazapi's internal chat id. Not a phone number.
        public var id: String?
        public var name: String?
        /// The formatted phone, e.g. `+55 11 90000-0001`.
        public var phone: String?
        /// The WhatsApp JID of the chat: `…@s.whatsapp.net`, or `…@g.us` for a group.
        public var waChatID: String?
        public var waIsGroup: Bool?

        enum CodingKeys: String, CodingKey {
            case id, name, phone
            case waChatID = "wa_chatid"
            case waIsGroup = "wa_isGroup"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = Lenient.string(container, .id)
            name = Lenient.string(container, .name)
            phone = Lenient.string(container, .phone)
            waChatID = Lenient.string(container, .waChatID)
            waIsGroup = Lenient.bool(container, .waIsGroup)
        }
    }
}

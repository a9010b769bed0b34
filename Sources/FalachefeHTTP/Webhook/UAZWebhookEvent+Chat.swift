extension UAZWebhookEvent {
    /// The conversation a message belongs to.
    public struct Chat: Sendable, Hashable {
        /// uazapi's internal chat id. Not a phone number.
        public var id: String?
        public var name: String?
        /// The formatted phone, e.g. `+55 11 90000-0001`.
        public var phone: String?
        /// The WhatsApp JID of the chat: `…@s.whatsapp.net`, or `…@g.us` for a group.
        public var waChatID: String?
        public var waIsGroup: Bool?

        init(json: [String: WebhookJSON]) {
            id = Lenient.string(json[.id])
            name = Lenient.string(json[.name])
            phone = Lenient.string(json[.phone])
            waChatID = Lenient.string(json[.waChatID])
            waIsGroup = Lenient.bool(json[.waIsGroup])
        }
    }
}

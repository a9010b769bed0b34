import Foundation

extension UAZWebhookEvent {
    /// The message of a `messages` event.
    public struct Message: Sendable, Hashable {
        /// `owner:messageid`: unique per instance, the dedupe key.
        public var id: String?
        /// The bare WhatsApp id, the one receipts refer to.
        public var messageid: String?
        /// The chat JID (`…@g.us` for groups).
        public var chatid: String?
        /// The author's JID. May be a LID (`…@lid`), which is not a phone number.
        public var sender: String?
        /// `sender_pn`: the author's phone JID, when uazapi knows it.
        public var senderPN: String?
        /// `sender_lid`: the author's LID.
        public var senderLID: String?
        public var senderName: String?
        public var text: String?
        public var content: Content?
        /// `text` or `media`.
        public var type: String?
        /// WhatsApp's kind, e.g. `Conversation`, `AudioMessage`.
        public var messageType: String?
        /// For media: `ptt`, `image`, `audio`, `document`…
        public var mediaType: String?
        /// Milliseconds since 1970.
        public var messageTimestamp: Int64?
        public var fromMe: Bool?
        public var isGroup: Bool?
        public var wasSentByApi: Bool?
        public var groupName: String?

        init(json: [String: WebhookJSON]) {
            id = Lenient.string(json[.id])
            messageid = Lenient.string(json[.messageid])
            chatid = Lenient.string(json[.chatid])
            sender = Lenient.string(json[.sender])
            senderPN = Lenient.string(json[.senderPN])
            senderLID = Lenient.string(json[.senderLID])
            senderName = Lenient.string(json[.senderName])
            text = Lenient.string(json[.text])
            content = json[.content].flatMap(Content.init(json:))
            type = Lenient.string(json[.type])
            messageType = Lenient.string(json[.messageType])
            mediaType = Lenient.string(json[.mediaType])
            messageTimestamp = Lenient.int64(json[.messageTimestamp])
            fromMe = Lenient.bool(json[.fromMe])
            isGroup = Lenient.bool(json[.isGroup])
            wasSentByApi = Lenient.bool(json[.wasSentByApi])
            groupName = Lenient.string(json[.groupName])
        }

        /// Whether this is media: `type` `media` or a non-empty `mediaType`.
        public var isMedia: Bool {
            type?.lowercased() == "media" || !(mediaType ?? "").isEmpty
        }

        /// `text`, else a string `content`, else the object content's `text` or `caption`;
        /// empty strings count as absent.
        public var bestText: String? {
            let candidates: [String?] = switch content {
            case .text(let string): [text, string]
            case .object(let contentText, let caption): [text, contentText, caption]
            case nil: [text]
            }
            return candidates.lazy.compactMap { $0 }.first { !$0.isEmpty }
        }

        /// When WhatsApp says the message was sent (`messageTimestamp`, in ms; values
        /// small enough to be seconds are read as seconds).
        public var sentAt: Date? {
            guard let messageTimestamp, messageTimestamp > 0 else { return nil }
            let seconds = messageTimestamp < 100_000_000_000
                ? Double(messageTimestamp) : Double(messageTimestamp) / 1000
            return Date(timeIntervalSince1970: seconds)
        }
    }

    /// A message's `content`: a string for plain text, an object for everything else.
    public enum Content: Sendable, Hashable {
        case text(String)
        /// The useful parts of an object content: extended text or a media caption.
        case object(text: String?, caption: String?)

        /// A string is text; an object gives its `text` and `caption`; anything else is none.
        init?(json: WebhookJSON) {
            switch json {
            case .string(let text): self = .text(text)
            case .object(let members):
                self = .object(text: Lenient.string(members[.text]), caption: Lenient.string(members[.caption]))
            default: return nil
            }
        }
    }
}

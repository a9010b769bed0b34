import Foundation

extension UAZWebhookEvent {
    /// The message of a `messages` event.
    public struct Message: Decodable, Sendable, Hashable {
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

        enum CodingKeys: String, CodingKey {
            case id, messageid, chatid, sender
            case senderPN = "sender_pn"
            case senderLID = "sender_lid"
            case senderName, text, content, type, messageType, mediaType, messageTimestamp
            case fromMe, isGroup, wasSentByApi, groupName
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = Lenient.string(container, .id)
            messageid = Lenient.string(container, .messageid)
            chatid = Lenient.string(container, .chatid)
            sender = Lenient.string(container, .sender)
            senderPN = Lenient.string(container, .senderPN)
            senderLID = Lenient.string(container, .senderLID)
            senderName = Lenient.string(container, .senderName)
            text = Lenient.string(container, .text)
            content = try? container.decodeIfPresent(Content.self, forKey: .content)
            type = Lenient.string(container, .type)
            messageType = Lenient.string(container, .messageType)
            mediaType = Lenient.string(container, .mediaType)
            messageTimestamp = Lenient.int64(container, .messageTimestamp)
            fromMe = Lenient.bool(container, .fromMe)
            isGroup = Lenient.bool(container, .isGroup)
            wasSentByApi = Lenient.bool(container, .wasSentByApi)
            groupName = Lenient.string(container, .groupName)
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
    public enum Content: Decodable, Sendable, Hashable {
        case text(String)
        /// The useful parts of an object content: extended text or a media caption.
        case object(text: String?, caption: String?)

        enum CodingKeys: String, CodingKey {
            case text, caption
        }

        public init(from decoder: any Decoder) throws {
            if let string = try? decoder.singleValueContainer().decode(String.self) {
                self = .text(string)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self = .object(text: Lenient.string(container, .text), caption: Lenient.string(container, .caption))
        }
    }
}

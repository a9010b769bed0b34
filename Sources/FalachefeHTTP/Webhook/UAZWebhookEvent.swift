import FalachefeCore

/// A webhook event posted by uazapi. Decoding is lenient: every field is optional,
/// unknown fields are ignored, and a missing or wrong-typed field becomes `nil` instead
/// of failing the whole event (real traffic varies: booleans arrive as `"True"`, numbers
/// as strings). Only a body that is not a JSON object fails to decode.
public struct UAZWebhookEvent: Sendable {
    /// `EventType`: which kind of event this is.
    public var eventType: EventType?
    /// The instance's own number (digits).
    public var owner: String?
    /// The instance's API token: the only secret the webhook carries. Never log it.
    public var token: String?
    /// `BaseUrl`: the sending server. Informational only; replies never go to a URL
    /// taken from a payload.
    public var baseURL: String?
    public var instanceName: String?
    /// Sub-kind for some events, e.g. `ReadReceipt`, `ChatPresence`.
    public var type: String?
    /// Receipt state of a `messages_update`, e.g. `Delivered`, `Read`.
    public var state: String?
    public var chat: Chat?
    public var message: Message?
    /// The raw event of `messages_update` and `presence`.
    public var event: Event?

    /// Thrown for a body that is not a JSON object.
    public struct NotAnObject: Error, CustomStringConvertible {
        public var description: String
    }

    /// Decodes a webhook body (see `WebhookJSONParser`).
    public static func decode(_ body: UnsafeRawBufferPointer) throws(NotAnObject) -> UAZWebhookEvent {
        let document: WebhookJSON
        do {
            document = try WebhookJSONParser.parse(body, keeping: WebhookField.names)
        } catch {
            throw NotAnObject(description: error.description)
        }
        guard let members = document.object else { throw NotAnObject(description: "the body is JSON but not an object") }
        return UAZWebhookEvent(json: members)
    }

    init(json: [String: WebhookJSON]) {
        eventType = Lenient.string(json[.eventType]).map(EventType.init(rawValue:))
        owner = Lenient.string(json[.owner])
        token = Lenient.string(json[.token])
        baseURL = Lenient.string(json[.baseURL])
        instanceName = Lenient.string(json[.instanceName])
        type = Lenient.string(json[.type])
        state = Lenient.string(json[.state])
        chat = json[.chat]?.object.map(Chat.init(json:))
        message = json[.message]?.object.map(Message.init(json:))
        event = json[.event]?.object.map(Event.init(json:))
    }

    /// The sender's phone digits: from `message.sender_pn`, else `chat.wa_chatid`.
    /// Never a LID (`sender` may be one) and never `chat.id` (uazapi's internal id).
    public var senderPhone: String? {
        if let phone = message?.senderPN.flatMap(PhoneNumber.digits) { return phone }
        return chat?.waChatID.flatMap(PhoneNumber.digits)
    }

    /// Whether the message carries media (audio, image, document…) rather than text.
    public var isMedia: Bool { message?.isMedia ?? false }

    /// The message's text: `text`, else a string `content`, else the object content's
    /// `text` or `caption`. `nil` when there is none (e.g. a voice note).
    public var messageText: String? { message?.bestText }
}

extension UAZWebhookEvent {
    /// uazapi's `EventType`. Types this server does not handle keep their raw value.
    public enum EventType: Sendable, Hashable {
        case messages
        case messagesUpdate
        case presence
        case connection
        case other(String)

        public init(rawValue: String) {
            switch rawValue {
            case "messages": self = .messages
            case "messages_update": self = .messagesUpdate
            case "presence": self = .presence
            case "connection": self = .connection
            default: self = .other(rawValue)
            }
        }

        /// The wire spelling.
        public var rawValue: String {
            switch self {
            case .messages: "messages"
            case .messagesUpdate: "messages_update"
            case .presence: "presence"
            case .connection: "connection"
            case .other(let raw): raw
            }
        }
    }
}

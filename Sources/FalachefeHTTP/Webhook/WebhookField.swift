/// Every member name the webhook decoder reads, at any depth of the event.
///
/// The decoder reads members only through this type (`[String: WebhookJSON][field]`), so
/// the list cannot fall behind what is read. The parser keeps only these members and checks
/// and skips the rest without building them: a uazapi event carries about 70 members, of
/// which a dozen are used, and building every one of them (strings, dictionaries, hashing)
/// was most of the decoding time.
enum WebhookField: String, CaseIterable {
    // The envelope.
    case eventType = "EventType"
    case owner
    case token
    case baseURL = "BaseUrl"
    case instanceName
    case type
    case state
    case chat
    case message
    case event
    // The chat.
    case id
    case name
    case phone
    case waChatID = "wa_chatid"
    case waIsGroup = "wa_isGroup"
    // The message.
    case messageid
    case chatid
    case sender
    case senderPN = "sender_pn"
    case senderLID = "sender_lid"
    case senderName
    case text
    case content
    case caption
    case messageType
    case mediaType
    case messageTimestamp
    case fromMe
    case isGroup
    case wasSentByApi
    case groupName
    // The raw event of receipts and presence.
    case eventMessageIDs = "MessageIDs"
    case eventKind = "Type"
    case eventTimestamp = "Timestamp"
    case eventChat = "Chat"
    case eventIsFromMe = "IsFromMe"
    case eventState = "State"

    /// The names, as `WebhookJSONParser` matches them against a body's bytes.
    static let names = MemberNames(allCases.map(\.rawValue))
}

extension Dictionary where Key == String, Value == WebhookJSON {
    /// The member named by `field`.
    subscript(field: WebhookField) -> WebhookJSON? {
        self[field.rawValue]
    }
}

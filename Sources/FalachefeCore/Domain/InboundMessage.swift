import Foundation

/// A WhatsApp message received for a tenant, in the form the runtime persists and
/// processes. Built from a UAZ webhook by the HTTP layer; ids injected by the server.
public struct InboundMessage: Sendable, Hashable, Codable {
    /// What the message carries. Only text is understood for now.
    public enum Kind: Sendable, Hashable, Codable {
        case text
        case media(type: String)
    }

    public var tenantID: String
    /// uazapi's `message.id` (`owner:messageid`), the dedupe key within a tenant.
    public var messageID: String
    /// The sender's phone digits, from `sender_pn`, else `chat.wa_chatid`.
    public var senderPhone: String
    public var senderName: String?
    public var text: String
    public var kind: Kind
    /// When WhatsApp says the message was sent.
    public var sentAt: Date
    public var receivedAt: Date

    public init(
        tenantID: String,
        messageID: String,
        senderPhone: String,
        senderName: String? = nil,
        text: String,
        kind: Kind = .text,
        sentAt: Date,
        receivedAt: Date
    ) {
        self.tenantID = tenantID
        self.messageID = messageID
        self.senderPhone = senderPhone
        self.senderName = senderName
        self.text = text
        self.kind = kind
        self.sentAt = sentAt
        self.receivedAt = receivedAt
    }

    /// Messages of one conversation are processed strictly in order.
    public var conversationKey: ConversationKey {
        ConversationKey(tenantID: tenantID, phone: PhoneNumber.canonical(senderPhone))
    }
}

/// One conversation: a tenant and a sender (canonical phone).
public struct ConversationKey: Sendable, Hashable, Codable {
    public var tenantID: String
    public var phone: String

    public init(tenantID: String, phone: String) {
        self.tenantID = tenantID
        self.phone = phone
    }
}

/// An inbound message as stored in the durable inbox. `sequence` is assigned by the store
/// at commit and orders a tenant's messages.
public struct InboxRecord: Sendable, Hashable {
    public var sequence: Int64
    public var message: InboundMessage

    public init(sequence: Int64, message: InboundMessage) {
        self.sequence = sequence
        self.message = message
    }
}

/// How an inbox row ends. Rows in `pending` are replayed on start and on resume.
public enum InboxStatus: String, Sendable, Codable {
    case pending
    case processed
    case failed
    case rateLimited = "rate_limited"
}

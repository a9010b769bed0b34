import FalachefeCore
import SQLiteNIO

/// One inbox row ready to insert: its dedupe key and its bound values, computed by the
/// caller so that the single writer only concatenates them.
struct InboxInsert: Sendable {
    /// The dedupe key of the inbox: tenant and uazapi message id.
    struct Key: Sendable, Hashable {
        var tenantID: String
        var messageID: String
    }

    /// The inserted columns, in the order of `binds`.
    static let columns = [
        "company_id", "message_id", "sender_phone", "phone_canonical", "sender_name", "text",
        "kind", "media_type", "sent_at", "received_at", "status",
    ]

    var key: Key
    var binds: [SQLiteData]

    init(_ message: InboundMessage, status: InboxStatus) {
        key = Key(tenantID: message.tenantID, messageID: message.messageID)
        let kind: String
        let mediaType: String?
        switch message.kind {
        case .text:
            kind = "text"
            mediaType = nil
        case .media(let type):
            kind = "media"
            mediaType = type
        }
        binds = [
            .text(message.tenantID), .text(message.messageID), .text(message.senderPhone),
            .text(PhoneNumber.canonical(message.senderPhone)), .optionalText(message.senderName),
            .text(message.text), .text(kind), .optionalText(mediaType), .date(message.sentAt),
            .date(message.receivedAt), .text(status.rawValue),
        ]
    }

    /// `INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING RETURNING …` for `rows` rows. Only
    /// placeholders are repeated: values are always bound.
    static func sql(rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO inbox (" + columns.joined(separator: ", ") + ") VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
            + " ON CONFLICT (company_id, message_id) DO NOTHING RETURNING sequence, company_id, message_id"
    }
}

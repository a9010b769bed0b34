import FalachefeCore
import SQLiteNIO

/// One inbox row ready to insert: its bound values, computed by the caller so that the
/// single writer only binds them.
struct InboxInsert: Sendable {
    /// The inserted columns, in the order of `binds`.
    static let columns = [
        "company_id", "message_id", "sender_phone", "phone_canonical", "sender_name", "text",
        "kind", "media_type", "sent_at", "received_at", "status",
    ]

    var binds: [SQLiteData]

    init(_ message: InboundMessage, status: InboxStatus) {
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

    /// `INSERT … ON CONFLICT DO NOTHING`: inserts nothing for a duplicate; the new row's
    /// rowid is its `sequence` (see `SQLiteHandle.insertRow`).
    static let sql =
        "INSERT INTO inbox (" + columns.joined(separator: ", ") + ") VALUES ("
        + Array(repeating: "?", count: columns.count).joined(separator: ", ")
        + ") ON CONFLICT (company_id, message_id) DO NOTHING"
}

import FalachefeCore

/// A batch of inbox rows as the column arrays `accept_inbox` takes (migration 0005): one
/// array per column, in batch order. Arrays carry no NULLs, so an absent sender name is an
/// empty string flagged in `hasSenderName`, and a text message's media type is empty (the
/// procedure stores NULL for both). Instants are epoch milliseconds.
struct InboxBatch: Sendable {
    var companyIDs: [String] = []
    var messageIDs: [String] = []
    var senderPhones: [String] = []
    var phonesCanonical: [String] = []
    var senderNames: [String] = []
    var hasSenderName: [Bool] = []
    var texts: [String] = []
    var kinds: [String] = []
    var mediaTypes: [String] = []
    var sentAt: [Int64] = []
    var receivedAt: [Int64] = []
    var statuses: [String] = []
    /// One advisory lock key per conversation with a pending row, ascending.
    var conversationLocks: [Int64]

    init(_ rows: [(InboundMessage, InboxStatus)]) {
        for (message, status) in rows {
            companyIDs.append(message.tenantID)
            messageIDs.append(message.messageID)
            senderPhones.append(message.senderPhone)
            phonesCanonical.append(PhoneNumber.canonical(message.senderPhone))
            senderNames.append(message.senderName ?? "")
            hasSenderName.append(message.senderName != nil)
            texts.append(message.text)
            switch message.kind {
            case .text:
                kinds.append("text")
                mediaTypes.append("")
            case .media(let type):
                kinds.append("media")
                mediaTypes.append(type)
            }
            sentAt.append(Timestamp(message.sentAt).milliseconds)
            receivedAt.append(Timestamp(message.receivedAt).milliseconds)
            statuses.append(status.rawValue)
        }
        conversationLocks = Set(rows.filter { $0.1 == .pending }.map { conversationLockKey($0.0) }).sorted()
    }
}

import Foundation

/// Builds uazapi `messages` events as the gateway posts them — for `falachefe chat`, the
/// tests and the benchmark, so that everything that fakes the gateway speaks one format.
public enum UAZWebhookPayload {
    /// A text message from `from` (phone digits) to the instance `owner`.
    public static func text(
        owner: String, token: String, from: String, text: String,
        messageID: String = UUID().uuidString.replacingOccurrences(of: "-", with: "").uppercased(),
        senderName: String = "Cliente", at date: Date = Date()
    ) -> [String: Any] {
        let jid = "\(from)@s.whatsapp.net"
        return [
            "EventType": "messages", "owner": owner, "token": token, "BaseUrl": "https://example.uazapi.com",
            "chat": ["id": "r\(messageID.prefix(13).lowercased())", "wa_chatid": jid, "phone": from, "name": senderName],
            "message": [
                "id": "\(owner):\(messageID)", "messageid": messageID, "chatid": jid, "sender": jid, "sender_pn": jid,
                "senderName": senderName, "text": text, "content": text, "type": "text",
                "messageType": "Conversation", "messageTimestamp": Int(date.timeIntervalSince1970 * 1000),
                "fromMe": false, "isGroup": false, "wasSentByApi": false,
            ] as [String: Any],
        ]
    }

    /// A delivery receipt (`messages_update`) for messages we sent.
    public static func receipt(owner: String, token: String, to phone: String, messageIDs: [String], state: String) -> [String: Any] {
        [
            "EventType": "messages_update", "owner": owner, "token": token, "type": "ReadReceipt", "state": state,
            "event": [
                "Chat": "\(phone)@s.whatsapp.net", "IsFromMe": "False", "IsGroup": "False", "MessageIDs": messageIDs,
                "Type": state, "Timestamp": Int(Date().timeIntervalSince1970),
            ] as [String: Any],
        ]
    }
}

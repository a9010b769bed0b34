import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import Testing

/// The uazapi event fixtures (every one but the send answer).
enum UAZWebhookEventFixtures {
    static let names = [
        "message-text", "message-text-lid-sender", "message-text-string-booleans", "message-audio-ptt",
        "message-image", "message-group", "message-from-me", "messages-update-receipt", "presence", "connection",
    ]
}

/// Decoding uazapi webhook events, from the checked-in fixtures and hostile variations.
@Suite("UAZWebhookEvent decoding")
struct UAZWebhookEventTests {
    static let eventFixtures = UAZWebhookEventFixtures.names

    func fixture(_ name: String) throws -> UAZWebhookEvent {
        try Fixtures.uazapi(name).withUnsafeBytes { try UAZWebhookEvent.decode($0) }
    }

    func decode(_ json: String) throws -> UAZWebhookEvent {
        try Data(json.utf8).withUnsafeBytes { try UAZWebhookEvent.decode($0) }
    }

    @Test("every fixture decodes with its envelope", arguments: eventFixtures)
    func everyFixtureDecodes(name: String) throws {
        let event = try fixture(name)
        #expect(event.owner == "554700000001" && event.instanceName == "padaria-joao")
        #expect(event.token == "00000000-0000-4000-8000-000000000001")
        #expect(event.baseURL == "https://acme.uazapi.com")
        #expect(event.eventType != nil)
        let onDisk = try Fixtures.uazapiNames().map { String($0.dropLast(".json".count)) }
        #expect(Set(onDisk) == Set(Self.eventFixtures + ["send-text-response"]))
    }

    @Test("a text message")
    func textMessage() throws {
        let event = try fixture("message-text")
        #expect(event.eventType == .messages)
        let message = try #require(event.message)
        #expect(message.id == "554700000001:AC38C09F000000000000000000000001")
        #expect(message.messageid == "AC38C09F000000000000000000000001")
        #expect(message.content == .text("gastei 50 reais no almoço"))
        #expect(message.messageTimestamp == 1_764_424_800_000)
        #expect(message.sentAt == Date(timeIntervalSince1970: 1_764_424_800))
        #expect([message.fromMe, message.isGroup, message.wasSentByApi] == [false, false, false])
        #expect(event.chat?.id == "r3d3a6ce904e82" && event.chat?.name == "Cliente A")
        #expect(event.chat?.phone == "+55 11 90000-0001")
        #expect(event.senderPhone == "5511900000001")
        #expect(event.messageText == "gastei 50 reais no almoço")
        #expect(!event.isMedia && event.receiptStatus == nil)
    }

    @Test("a LID sender's phone comes from sender_pn")
    func lidSender() throws {
        let event = try fixture("message-text-lid-sender")
        #expect(event.message?.sender == "169290127310493@lid" && event.message?.senderLID == event.message?.sender)
        #expect(event.senderPhone == "5511900000001")
    }

    @Test("without sender_pn the phone comes from chat.wa_chatid, never from a LID or chat.id")
    func phoneFallbacks() throws {
        let fromChat = try decode("""
            {"EventType":"messages","chat":{"id":"r4840264148078","wa_chatid":"5511900000002@s.whatsapp.net"},
             "message":{"sender":"169290127310493@lid","text":"oi"}}
            """)
        #expect(fromChat.senderPhone == "5511900000002")
        let none = try decode("""
            {"EventType":"messages","chat":{"id":"5511900000003"},
             "message":{"sender":"169290127310493@lid","sender_pn":"169290127310493@lid"}}
            """)
        #expect(none.senderPhone == nil)
    }

    @Test(
        "boolean spellings",
        arguments: [
            ("true", true), ("false", false), (#""True""#, true), (#""False""#, false), (#""true""#, true),
            (#""false""#, false), ("1", true), ("0", false), (#""1""#, true), (#""0""#, false),
        ]
    )
    func booleanSpellings(json: String, expected: Bool) throws {
        let event = try decode(#"{"message":{"fromMe":\#(json),"isGroup":\#(json),"wasSentByApi":\#(json)}}"#)
        let message = try #require(event.message)
        #expect([message.fromMe, message.isGroup, message.wasSentByApi] == [expected, expected, expected])
    }

    @Test("the string-booleans fixture")
    func stringBooleans() throws {
        let message = try #require(try fixture("message-text-string-booleans").message)
        #expect([message.fromMe, message.isGroup, message.wasSentByApi] == [false, false, false])
    }

    @Test("a voice note is media without text")
    func voiceNote() throws {
        let event = try fixture("message-audio-ptt")
        #expect(event.isMedia && event.message?.mediaType == "ptt" && event.message?.messageType == "AudioMessage")
        #expect(event.messageText == nil)
        #expect(event.message?.content == .object(text: nil, caption: nil))
        #expect(event.senderPhone == "5511900000001")
    }

    @Test("an image keeps its caption as the text")
    func imageWithCaption() throws {
        let event = try fixture("message-image")
        #expect(event.isMedia && event.message?.mediaType == "image")
        #expect(event.message?.content == .object(text: nil, caption: "nota fiscal"))
        #expect(event.messageText == "nota fiscal")
    }

    @Test("text and caption come from an object content when text is empty")
    func textFromObjectContent() throws {
        let caption = try decode(#"{"message":{"text":"","type":"media","content":{"caption":"recibo"}}}"#)
        #expect(caption.messageText == "recibo")
        #expect(caption.isMedia)
        let extended = try decode(#"{"message":{"content":{"text":"olá","contextInfo":{}}}}"#)
        #expect(extended.messageText == "olá")
        #expect(!extended.isMedia)
        let stringContent = try decode(#"{"message":{"text":"","content":"só o conteúdo"}}"#)
        #expect(stringContent.messageText == "só o conteúdo")
        let mediaTypeOnly = try decode(#"{"message":{"type":"text","mediaType":"document"}}"#)
        #expect(mediaTypeOnly.isMedia)
    }

    @Test("a group message, and one from the company's own number")
    func groupAndFromMe() throws {
        let own = try fixture("message-from-me")
        #expect(own.message?.fromMe == true)
        #expect(own.messageText == "Anotei R$ 50,00 em Alimentação.")
        let event = try fixture("message-group")
        #expect(event.message?.isGroup == true)
        #expect(event.message?.chatid?.hasSuffix("@g.us") == true)
        #expect(event.chat?.waIsGroup == true)
        #expect(event.message?.groupName == "Equipe")
        #expect(event.messageText == "bom dia equipe")
        #expect(event.senderPhone == "5511900000001")
    }

    @Test("a delivery receipt")
    func receipt() throws {
        let event = try fixture("messages-update-receipt")
        #expect(event.eventType == .messagesUpdate)
        #expect(event.message == nil)
        #expect(event.chat == nil)
        #expect(event.type == "ReadReceipt")
        #expect(event.state == "Delivered")
        #expect(event.event?.messageIDs == ["3EB0A1B2C3D4E5F6A7B8C9"])
        #expect(event.event?.type == "Delivered")
        #expect(event.event?.timestamp == 1_795_962_820)
        #expect(event.event?.isFromMe == false)
        #expect(event.receiptStatus == .delivered)
    }

    @Test(
        "receipt states map to outbox statuses",
        arguments: [
            ("Sent", OutboxStatus.sent), ("ServerAck", .sent), ("Delivered", .delivered), ("Read", .read),
            ("Played", .played), ("read", .read),
        ]
    )
    func receiptStates(state: String, expected: OutboxStatus) throws {
        let fromState = try decode(#"{"EventType":"messages_update","state":"\#(state)"}"#)
        #expect(fromState.receiptStatus == expected)
        let fromEvent = try decode(#"{"EventType":"messages_update","event":{"Type":"\#(state)"}}"#)
        #expect(fromEvent.receiptStatus == expected)
        let unknown = try decode(#"{"state":"Retry","event":{"Type":"\#(state)x"}}"#)
        #expect(unknown.receiptStatus == nil)
    }

    @Test("presence and connection events carry no message", arguments: ["presence", "connection"])
    func otherEvents(name: String) throws {
        let event = try fixture(name)
        #expect(event.eventType == (name == "presence" ? .presence : .connection))
        #expect(event.message == nil)
        #expect(event.chat == nil)
        #expect(event.messageText == nil)
        #expect(event.senderPhone == nil)
        #expect(event.receiptStatus == nil)
        #expect(try decode(#"{"EventType":"call"}"#).eventType == .other("call"))
        #expect(UAZWebhookEvent.EventType(rawValue: "messages_update").rawValue == "messages_update")
    }

    @Test("garbage field types never fail the decode")
    func garbageTypes() throws {
        let event = try decode("""
            {"EventType":42,"owner":["x"],"token":null,"BaseUrl":{},"chat":"not-an-object",
             "message":{"id":7,"text":null,"fromMe":{},"isGroup":"maybe","wasSentByApi":2,
                        "messageTimestamp":"soon","content":[1,2],"sender_pn":false,"mediaType":[]},
             "event":{"MessageIDs":[1,"ABC",null],"Timestamp":"1795962820","Type":5},
             "state":[]}
            """)
        #expect(event.eventType == .other("42"))
        #expect(event.owner == nil)
        #expect(event.token == nil)
        #expect(event.baseURL == nil)
        #expect(event.chat == nil)
        let message = try #require(event.message)
        #expect(message.id == "7")
        #expect(message.text == nil)
        #expect(message.fromMe == nil)
        #expect(message.isGroup == nil)
        #expect(message.wasSentByApi == nil)
        #expect(message.messageTimestamp == nil)
        #expect(message.content == nil)
        #expect(event.senderPhone == nil)
        #expect(event.event?.messageIDs == ["ABC"])
        #expect(event.event?.timestamp == 1_795_962_820)
        #expect(event.receiptStatus == nil)
        let lenient = try decode(#"{"message":{"messageTimestamp":"1764424800000"},"event":{"MessageIDs":"3EB0AA"}}"#)
        #expect(lenient.message?.messageTimestamp == 1_764_424_800_000)
        #expect(lenient.event?.messageIDs == ["3EB0AA"])
    }

    @Test("an empty object decodes to an empty event; a non-object does not")
    func emptyAndInvalid() throws {
        let empty = try decode("{}")
        #expect(empty.eventType == nil)
        #expect(empty.message == nil)
        #expect(throws: UAZWebhookEvent.NotAnObject.self) { try decode("[]") }
        #expect(throws: UAZWebhookEvent.NotAnObject.self) { try decode(#"{"EventType":"messages",}"#) }
    }
}

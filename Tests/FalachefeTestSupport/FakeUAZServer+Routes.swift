import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

extension FakeUAZServer {
    /// What the server answers to one request.
    struct Answer: Sendable {
        var status: Int
        var body: String
        var retryAfter: Int?
    }

    /// `{"number": …, "text": …}`, both optional so that omissions answer `400`.
    struct SendTextBody: Decodable {
        var number: String?
        var text: String?
    }

    /// The header carrying the instance token.
    static let tokenHeader = HTTPField.Name("token")!

    /// `POST /send/text`, uazapi style.
    nonisolated func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("send/text") { request, _ -> Response in
            let token = request.headers[Self.tokenHeader]
            let body = try await request.body.collect(upTo: 1 << 20)
            let (delay, answer) = await self.receive(token: token, body: body)
            if delay > .zero { try await Task.sleep(for: delay) }
            return Self.response(for: answer)
        }
        return router
    }

    /// Records the request and decides its answer: down, scripted failure, bad token,
    /// bad body, or accepted.
    func receive(token: String?, body: ByteBuffer) -> (delay: Duration, answer: Answer) {
        requestCount += 1
        return (delay, answer(token: token, body: body))
    }

    private func answer(token: String?, body: ByteBuffer) -> Answer {
        if isDown { return Self.error(503) }
        if !failures.isEmpty {
            let failure = failures.removeFirst()
            return Self.error(failure.status, retryAfter: failure.retryAfter)
        }
        if let expectedToken, token != expectedToken { return Self.error(401) }
        guard let request = try? JSONDecoder().decode(SendTextBody.self, from: body),
              let number = request.number, !number.isEmpty,
              let text = request.text, !text.isEmpty
        else { return Self.error(400) }

        let messageID = "3EB0" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(18)
        accepted.append(SentText(number: number, text: text, token: token, messageID: messageID, at: Date()))
        let json: [String: Any] = [
            "id": "\(owner):\(messageID)",
            "messageid": messageID,
            "chatid": "\(number)@s.whatsapp.net",
            "fromMe": true,
            "messageTimestamp": Int64(Date().timeIntervalSince1970 * 1000),
            "messageType": "Conversation",
            "status": "Pending",
            "text": text,
            "response": ["status": "success", "message": "Message sent successfully"],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
        return Answer(status: 200, body: String(decoding: data, as: UTF8.self))
    }

    /// A uazapi error answer: `{"error": "…"}`.
    static func error(_ status: Int, retryAfter: Int? = nil) -> Answer {
        let message = switch status {
        case 400: "Missing number or text"
        case 401: "Invalid token"
        case 429: "Rate limit exceeded"
        case 500: "Failed to send message"
        case 503: "Service unavailable"
        default: "Request failed"
        }
        return Answer(status: status, body: #"{"error":"\#(message)"}"#, retryAfter: retryAfter)
    }

    static func response(for answer: Answer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter = answer.retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body))
        )
    }
}

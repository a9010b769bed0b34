import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The webhook's answer: `{"status": …}`.
struct WebhookAnswer: Encodable {
    var status: String

    /// The answers every webhook gets (each intake result but the 503), encoded once
    /// rather than per request.
    static let bodies: [String: ByteBuffer] = {
        let words = [IntakeResult.accepted, .queued, .duplicate, .rateLimited, .ignored].map(\.status)
        return words.reduce(into: [:]) { bodies, word in
            bodies[word] = (try? JSONResponse.encoder.encode(WebhookAnswer(status: word))).map { ByteBuffer(bytes: $0) }
        }
    }()

    /// The response answering `word`.
    static func response(_ word: String, status: HTTPResponse.Status, headers: HTTPFields) throws -> Response {
        if let body = bodies[word] { return JSONResponse.make(body: body, status: status, headers: headers) }
        return try JSONResponse.make(WebhookAnswer(status: word), status: status, headers: headers)
    }
}

import AsyncHTTPClient
import FalachefeCore
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension UAZGateway {
    /// What one HTTP attempt came to.
    enum AttemptOutcome: Sendable, Hashable {
        case sent(SentMessage)
        case retryable(reason: String, retryAfter: Duration?)
        case rejected(status: Int, reason: String)
    }

    /// Performs one `POST /send/text` and classifies the answer. Throws only
    /// `CancellationError`; every other failure is an outcome.
    func attempt(url: String, text: String, phone: String, instance: Instance) async throws -> AttemptOutcome {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "token", value: instance.token)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        do {
            let body = try JSONEncoder().encode(SendTextRequest(number: phone, text: text))
            request.body = .bytes(ByteBuffer(data: body))
        } catch {
            return .rejected(status: 0, reason: "could not encode request")
        }

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(policy.requestTimeout), logger: logger)
        } catch {
            try Task.checkCancellation()
            return .retryable(reason: Self.redacted("network error: \(error)", token: instance.token), retryAfter: nil)
        }

        let status = Int(response.status.code)
        let body = try await response.readableBody(upTo: Self.maxResponseBytes)
        return Self.classify(status: status, headers: response.headers, body: body, token: instance.token)
    }

    /// Maps a status and body to an outcome. A `2xx` is a send even when its body is
    /// unreadable (retrying would duplicate the message): the id is then `nil`.
    static func classify(status: Int, headers: HTTPHeaders, body: ByteBuffer?, token: String) -> AttemptOutcome {
        switch status {
        case 200..<300:
            let answer = body.flatMap { try? JSONDecoder().decode(SendTextResponse.self, from: $0) }
            let id = answer?.messageid.flatMap { $0.isEmpty ? nil : $0 }
            return .sent(SentMessage(providerMessageID: id))
        case 429:
            let reason = redacted(errorReason(status: status, body: body), token: token)
            return .retryable(reason: reason, retryAfter: retryAfter(headers))
        case 500..<600:
            return .retryable(reason: redacted(errorReason(status: status, body: body), token: token), retryAfter: nil)
        default:
            return .rejected(status: status, reason: redacted(errorReason(status: status, body: body), token: token))
        }
    }

    /// `HTTP 400: Missing number or text`, from uazapi's `{"error": …}` body when present.
    static func errorReason(status: Int, body: ByteBuffer?) -> String {
        let message = body.flatMap { try? JSONDecoder().decode(ErrorResponse.self, from: $0) }?.error
        guard let message, !message.isEmpty else { return "HTTP \(status)" }
        return "HTTP \(status): \(message)"
    }

    /// The `Retry-After` header in whole seconds (the form uazapi uses), if valid.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After"),
              let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }

    /// `text` truncated to 200 characters with every occurrence of the token masked, so a
    /// server or library that echoes the token cannot leak it through an error.
    static func redacted(_ text: String, token: String) -> String {
        var text = text
        if !token.isEmpty { text = text.replacingOccurrences(of: token, with: "<redacted>") }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

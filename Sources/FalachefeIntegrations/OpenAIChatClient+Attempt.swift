import AsyncHTTPClient
import FalachefeCore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

extension OpenAIChatClient {
    /// What one HTTP attempt came to.
    enum AttemptOutcome: Sendable, Hashable {
        case completed(ChatCompletion)
        /// Worth another attempt with the same model (429, 5xx, network).
        case retryable(ChatCompletionError, retryAfter: Duration?)
        /// Another attempt with the same model would not help (4xx, malformed answer).
        case failed(ChatCompletionError)
    }

    /// An answer as read off the wire; `body` is `nil` when it could not be read whole.
    struct RawResponse: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: ByteBuffer?
    }

    /// The per-request deadline passed before the answer was read.
    struct RequestTimedOut: Error {}

    /// Performs one `POST` of `body` and classifies the answer. Throws only
    /// `ChatCompletionError.cancelled`, when the calling task is cancelled; every other
    /// failure is an outcome.
    func attempt(url: String, body: Data, model: String, logger: Logger) async throws(ChatCompletionError)
        -> AttemptOutcome
    {
        let raw: RawResponse
        do {
            raw = try await send(url: url, body: body, logger: logger)
        } catch {
            if Task.isCancelled { throw .cancelled }
            let timedOut = error is RequestTimedOut || (error as? HTTPClientError) == .deadlineExceeded
            let reason = timedOut
                ? "request timed out after \(policy.requestTimeout)"
                : redacted("network error: \(error)")
            return .retryable(.transport(reason), retryAfter: nil)
        }
        if Task.isCancelled { throw .cancelled }
        return classify(raw, model: model)
    }

    /// Sends the request and reads the whole answer, within `policy.requestTimeout`.
    /// Cancelling the calling task cancels the HTTP request.
    func send(url: String, body: Data, logger: Logger) async throws -> RawResponse {
        let (request, httpClient, timeout) = (httpRequest(url: url, body: body), self.httpClient, policy.requestTimeout)
        return try await withDeadline(.now + timeout, orThrow: { RequestTimedOut() }) {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout), logger: logger)
            let body = try await response.readableBody(upTo: Self.maxResponseBytes)
            return RawResponse(status: Int(response.status.code), headers: response.headers, body: body)
        }
    }

    /// `POST url` with the JSON `body` and, when a key is set, the bearer token.
    func httpRequest(url: String, body: Data) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey = apiKey.value { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(data: body))
        return request
    }

    /// Maps a status and body to an outcome.
    func classify(_ raw: RawResponse, model: String) -> AttemptOutcome {
        switch raw.status {
        case 200..<300:
            guard let body = raw.body else {
                return .failed(.malformedResponse("body unreadable or larger than \(Self.maxResponseBytes) bytes"))
            }
            switch Self.decodeCompletion(Data(buffer: body), requestedModel: model) {
            case .success(let completion): return .completed(completion)
            case .failure(let error): return .failed(error)
            }
        case 429:
            let after = Self.retryAfter(raw.headers)
            return .retryable(.rateLimited(retryAfterSeconds: after.map(\.seconds)), retryAfter: after)
        case 500..<600:
            return .retryable(.server(status: raw.status), retryAfter: Self.retryAfter(raw.headers))
        default:
            return .failed(.rejected(status: raw.status, message: errorMessage(raw)))
        }
    }

    /// The message of an OpenAI error body, redacted and truncated; the status's reason
    /// phrase when the body has none.
    func errorMessage(_ raw: RawResponse) -> String {
        let decoded = raw.body.flatMap { try? JSONDecoder().decode(WireErrorBody.self, from: $0) }
        guard let message = decoded?.message, !message.isEmpty else {
            return HTTPResponseStatus(statusCode: raw.status).reasonPhrase
        }
        return redacted(message)
    }

    /// The `Retry-After` header in whole or fractional seconds, if valid.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After"),
              let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0, seconds.isFinite
        else { return nil }
        return .seconds(seconds)
    }

    /// `text` with the API key masked, truncated to 200 characters, so a server or library
    /// that echoes the key cannot leak it through an error or a log line.
    func redacted(_ text: String) -> String {
        var text = text
        if let key = apiKey.value { text = text.replacingOccurrences(of: key, with: "<redacted>") }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

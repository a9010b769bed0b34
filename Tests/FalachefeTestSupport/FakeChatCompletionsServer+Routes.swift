import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension FakeChatCompletionsServer {
    /// An answer ready to send: status, JSON body text and optional `Retry-After`.
    struct Reply: Sendable {
        var status: Int
        var body: String
        var retryAfter: Int?
    }

    /// `POST /v1/chat/completions`, OpenAI style.
    nonisolated func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("v1/chat/completions") { request, _ -> Response in
            let authorization = request.headers[.authorization]
            let body = try await request.body.collect(upTo: 4 << 20)
            let (delay, reply) = await self.receive(authorization: authorization, body: String(buffer: body))
            if delay > .zero { try await Task.sleep(for: delay) }
            return Self.response(for: reply)
        }
        return router
    }

    /// Records the request and decides its answer: malformed request, down, bad key,
    /// next scripted answer, or the responder's.
    func receive(authorization: String?, body: String) -> (delay: Duration, reply: Reply) {
        requestCount += 1
        let recorded: RecordedRequest
        switch Self.decode(body: body, authorization: authorization) {
        case .success(let request): recorded = request
        case .failure(let invalid): return (latency, Self.error(400, message: invalid.message))
        }
        requests.append(recorded)
        if isDown { return (latency, Self.error(503)) }
        if let expectedAPIKey, authorization != "Bearer \(expectedAPIKey)" {
            let presented = authorization.map { String($0.dropFirst("Bearer ".count)) } ?? ""
            return (latency, Self.error(401, message: "Incorrect API key provided: \(presented)."))
        }
        var delay = latency
        while case .delay(let extra)? = script.first {
            script.removeFirst()
            delay += extra
        }
        var answer = script.isEmpty ? responder(recorded) : script.removeFirst()
        if case .delay(let extra) = answer {
            delay += extra
            answer = .text(Self.defaultText)
        }
        return (delay, reply(to: answer, model: recorded.model))
    }

    /// The reply for a scripted answer to a request for `model`.
    private func reply(to answer: ScriptedAnswer, model: String) -> Reply {
        completionCounter += 1
        let id = completionCounter
        switch answer {
        case .text(let text, let usage), .json(let text, let usage):
            return Reply(status: 200, body: Self.completion(
                id: id, model: model, content: text, toolCalls: [], usage: usage ?? Self.defaultUsage
            ))
        case .toolCalls(let calls, let usage):
            return Reply(status: 200, body: Self.completion(
                id: id, model: model, content: nil, toolCalls: calls, usage: usage ?? Self.defaultUsage
            ))
        case .status(let status, let retryAfter):
            var reply = Self.error(status)
            reply.retryAfter = retryAfter
            return reply
        case .malformed:
            return Reply(status: 200, body: #"{"id":"chatcmpl-broken","choices":[{"message":{"content":"#)
        case .delay:
            return Reply(status: 200, body: Self.completion(
                id: id, model: model, content: Self.defaultText, toolCalls: [], usage: Self.defaultUsage
            ))
        }
    }

    static func response(for reply: Reply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter = reply.retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body))
        )
    }
}

import AsyncHTTPClient
import FalachefeCore
import Foundation
import Logging

/// `ChatCompletionClient` over an OpenAI-compatible API: `POST {baseURL}/chat/completions`,
/// authenticated with `Authorization: Bearer <apiKey>` when a key is set.
///
/// One call makes up to `policy.maxAttempts` attempts with the requested model. Network
/// errors, timeouts, `429` and `5xx` are retried with jittered exponential backoff (a
/// `Retry-After` wins, capped at the backoff maximum). Any other `4xx` throws
/// `ChatCompletionError.rejected` at once; an answer that is not a chat completion throws
/// `.malformedResponse` without retrying the same model. When the requested model fails
/// that way (anything but a rejection), the same request is tried once more, with its own
/// attempts, on `fallbackModel`; `ChatCompletion.model` tells which model answered.
///
/// Cancelling the calling task abandons the in-flight request and any backoff sleep and
/// throws `.cancelled`. The API key never appears in logs or errors, and message contents
/// are never logged.
///
/// ```swift
/// let client = OpenAIChatClient(
///     httpClient: .shared, baseURL: "https://api.openai.com/v1", apiKey: key,
///     fallbackModel: "gpt-4o-mini", logger: logger
/// )
/// let answer = try await client.complete(ChatCompletionRequest(model: "gpt-4o", messages: [.user("Oi")]))
/// ```
public struct OpenAIChatClient: ChatCompletionClient {
    /// The largest response body read, success or error.
    static let maxResponseBytes = 1 << 20

    let httpClient: HTTPClient
    let baseURL: String
    let apiKey: APIKey
    let fallbackModel: String?
    let policy: HTTPRetryPolicy
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: The shared client; its lifecycle is the caller's.
    ///   - baseURL: The API root, such as `https://api.openai.com/v1`; trailing slashes are fine.
    ///   - apiKey: Sent as a bearer token when set and not empty.
    ///   - fallbackModel: Tried when the requested model keeps failing; ignored when equal to it.
    ///   - policy: Attempts, backoff and per-request timeout, per model.
    ///   - logger: Receives one line per failed attempt and one per answer.
    public init(
        httpClient: HTTPClient, baseURL: String, apiKey: String?, fallbackModel: String? = nil,
        policy: HTTPRetryPolicy = .chatCompletions, logger: Logger
    ) {
        self.httpClient = httpClient
        self.baseURL = baseURL
        self.apiKey = APIKey(apiKey)
        self.fallbackModel = fallbackModel.flatMap { $0.isEmpty ? nil : $0 }
        self.policy = policy
        self.logger = logger
    }

    public func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion {
        guard let url = Self.completionsURL(baseURL: baseURL) else {
            throw ChatCompletionError.rejected(status: 0, message: "no chat completions base URL configured")
        }
        let failure: ChatCompletionError
        do {
            return try await complete(request, model: request.model, url: url)
        } catch {
            failure = error
        }
        guard failure.allowsFallback, let fallback = fallbackModel, fallback != request.model else { throw failure }
        logger.warning("Chat completion failed on the requested model, trying the fallback", metadata: [
            "llm.model": "\(request.model)", "llm.fallback_model": "\(fallback)", "error.reason": "\(failure)",
        ])
        return try await complete(request, model: fallback, url: url)
    }

    /// Up to `policy.maxAttempts` attempts of `request` with `model`.
    func complete(_ request: ChatCompletionRequest, model: String, url: String) async throws(ChatCompletionError)
        -> ChatCompletion
    {
        let body = try Self.encodeBody(request, model: model)
        var logger = self.logger
        logger[metadataKey: "llm.model"] = "\(model)"
        let attempts = Swift.max(policy.maxAttempts, 1)
        var attempt = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            logger[metadataKey: "llm.attempt"] = "\(attempt + 1)"
            switch try await self.attempt(url: url, body: body, model: model, logger: logger) {
            case .completed(let completion):
                logger.debug("Chat completion answered", metadata: [
                    "llm.answered_model": "\(completion.model)",
                    "llm.prompt_tokens": "\(completion.usage.promptTokens)",
                    "llm.completion_tokens": "\(completion.usage.completionTokens)",
                    "llm.tool_calls": "\(completion.message.toolCalls.count)",
                ])
                return completion
            case .failed(let error):
                logger.warning("Chat completion failed", metadata: Self.metadata(error))
                throw error
            case .retryable(let error, let retryAfter):
                attempt += 1
                guard attempt < attempts else {
                    logger.warning("Chat completion failed after all attempts", metadata: Self.metadata(error))
                    throw error
                }
                let delay = retryAfter.map { Swift.min($0, policy.backoff.max) }
                    ?? policy.backoff.delay(attempt: attempt - 1)
                var metadata = Self.metadata(error)
                metadata["retry.delay_ms"] = "\(Int(delay.seconds * 1000))"
                logger.notice("Chat completion failed, retrying", metadata: metadata)
                do { try await Task.sleep(for: delay) } catch { throw .cancelled }
            }
        }
    }

    /// `error.reason`, plus `http.status` when the failure was an HTTP answer.
    static func metadata(_ error: ChatCompletionError) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["error.reason": "\(error)"]
        switch error {
        case .rateLimited: metadata["http.status"] = "429"
        case .server(let status), .rejected(let status, _): metadata["http.status"] = "\(status)"
        default: break
        }
        return metadata
    }

    /// `{baseURL}/chat/completions`, tolerating surrounding whitespace and trailing slashes;
    /// `nil` when no base URL is configured.
    static func completionsURL(baseURL: String) -> String? {
        var base = Substring(baseURL.trimmingCharacters(in: .whitespacesAndNewlines))
        while base.hasSuffix("/") { base = base.dropLast() }
        return base.isEmpty ? nil : base + "/chat/completions"
    }
}

extension ChatCompletionError {
    /// Whether another model might succeed where this one failed: everything except a
    /// rejected request and a cancelled call.
    var allowsFallback: Bool {
        switch self {
        case .rateLimited, .server, .malformedResponse, .transport: true
        case .rejected, .cancelled: false
        }
    }
}

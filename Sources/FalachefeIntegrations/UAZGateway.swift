import AsyncHTTPClient
import FalachefeCore
import Foundation
import Logging

/// `MessageGateway` over the uazapi send API: `POST {baseURL}/send/text`, authenticated
/// with the instance token in the `token` header.
///
/// One call makes up to `policy.maxAttempts` attempts. Network errors, `429` and `5xx`
/// are retried with jittered exponential backoff (a `429`'s `Retry-After` wins, capped at
/// the backoff maximum); when attempts run out the call throws `GatewayError.retryable`
/// so the outbox can try again later. Any other `4xx` throws `GatewayError.rejected`
/// at once. The instance token never appears in logs or errors; phones are logged masked.
public struct UAZGateway: MessageGateway {
    /// The largest response body read, success or error.
    static let maxResponseBytes = 64 * 1024

    let httpClient: HTTPClient
    let policy: HTTPRetryPolicy
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: The shared client; its lifecycle is the caller's.
    ///   - policy: Attempts, backoff and per-request timeout.
    ///   - logger: Receives one line per attempt outcome, with masked phone numbers.
    public init(httpClient: HTTPClient, policy: HTTPRetryPolicy = .uaz, logger: Logger) {
        self.httpClient = httpClient
        self.policy = policy
        self.logger = logger
    }

    public func sendText(_ text: String, to phone: String, via instance: Instance) async throws -> SentMessage {
        guard let url = Self.sendTextURL(baseURL: instance.baseURL) else {
            throw GatewayError.notConfigured
        }
        var logger = self.logger
        logger[metadataKey: "tenant.id"] = "\(instance.tenantID)"
        logger[metadataKey: "recipient.phone"] = "\(PhoneNumber.mask(phone))"

        let attempts = Swift.max(policy.maxAttempts, 1)
        var attempt = 0
        while true {
            try Task.checkCancellation()
            logger[metadataKey: "uaz.attempt"] = "\(attempt + 1)"
            switch try await self.attempt(url: url, text: text, phone: phone, instance: instance) {
            case .sent(let sent):
                logger.debug("UAZ accepted message", metadata: ["message.id": "\(sent.providerMessageID ?? "-")"])
                return sent
            case .rejected(let status, let reason):
                logger.warning("UAZ rejected message", metadata: ["http.status": "\(status)", "error.reason": "\(reason)"])
                throw GatewayError.rejected(status: status, reason: reason)
            case .retryable(let reason, let retryAfter):
                attempt += 1
                guard attempt < attempts else {
                    logger.warning("UAZ send failed after all attempts", metadata: ["error.reason": "\(reason)"])
                    throw GatewayError.retryable(reason: reason, retryAfter: retryAfter)
                }
                let delay = retryAfter.map { Swift.min($0, policy.backoff.max) }
                    ?? policy.backoff.delay(attempt: attempt - 1)
                logger.notice(
                    "UAZ send failed, retrying",
                    metadata: ["error.reason": "\(reason)", "retry.delay_ms": "\(Int(delay.seconds * 1000))"]
                )
                try await Task.sleep(for: delay)
            }
        }
    }

    /// `{baseURL}/send/text`, tolerating surrounding whitespace and trailing slashes;
    /// `nil` when no base URL is configured.
    static func sendTextURL(baseURL: String) -> String? {
        var base = Substring(baseURL.trimmingCharacters(in: .whitespacesAndNewlines))
        while base.hasSuffix("/") { base = base.dropLast() }
        return base.isEmpty ? nil : base + "/send/text"
    }
}

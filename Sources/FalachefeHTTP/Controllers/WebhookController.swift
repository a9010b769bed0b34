import FalachefeCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /webhooks/uaz` and `POST /webhooks/uaz/{tenant}`: authenticates uazapi events by
/// instance owner and token, then hands messages to the registry (which stores them before
/// this answers) and receipts to the store.
struct WebhookController<Services: RuntimeServices> {
    let registry: TenantRegistry<Services>
    let services: Services

    /// The `Retry-After` of a webhook refused while the store is unavailable.
    static var storeRetryAfterSeconds: Int { 5 }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/webhooks/uaz") { request, context in
            try await handle(request, tenantReference: nil, context: context)
        }
        router.post("/webhooks/uaz/:tenant") { request, context in
            try await handle(request, tenantReference: context.parameters.get("tenant"), context: context)
        }
    }

    private func handle(_ request: Request, tenantReference: String?, context: AppRequestContext) async throws -> Response {
        do {
            let (status, answer, headers) = try await outcome(request, tenantReference: tenantReference, context: context)
            services.metrics.webhook(outcome: answer)
            return try WebhookAnswer.response(answer, status: status, headers: headers)
        } catch let error as APIError {
            services.metrics.webhook(outcome: error.code)
            throw error
        } catch StoreError.unavailable(let why) {
            // The database is out (or too slow to hand over a connection): nothing was
            // acknowledged, and uazapi is told when to retry rather than that we failed.
            services.metrics.webhook(outcome: "store_unavailable")
            context.logger.warning("webhook refused: store unavailable", metadata: ["error": "\(why)"])
            var error = APIError(.serviceUnavailable, code: "store_unavailable", "storage temporarily unavailable; retry later")
            error.headers[.retryAfter] = String(Self.storeRetryAfterSeconds)
            throw error
        } catch {
            // Nothing was acknowledged: uazapi retries the event. Counted for the 5xx alert.
            services.metrics.webhook(outcome: "error")
            context.logger.error("webhook failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, code: "internal", "could not store the event; retry")
        }
    }

    private func outcome(
        _ request: Request, tenantReference: String?, context: AppRequestContext
    ) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", "webhook body above 1 MiB")
        }
        let event: UAZWebhookEvent
        do {
            event = try body.withUnsafeReadableBytes { bytes throws(UAZWebhookEvent.NotAnObject) in
                try UAZWebhookEvent.decode(bytes)
            }
        } catch {
            throw APIError.badRequest("malformed JSON")
        }
        let instance = try await authenticate(event, tenantReference: tenantReference)
        switch event.eventType {
        case .messages:
            return try await receiveMessage(event, instance: instance, logger: context.logger)
        case .messagesUpdate:
            if let status = event.receiptStatus, let ids = event.event?.messageIDs, !ids.isEmpty {
                _ = try await services.store.recordReceipt(tenantID: instance.tenantID, providerMessageIDs: ids, status: status)
            }
            return (.ok, IntakeResult.accepted.status, [:])
        default:
            return (.ok, IntakeResult.ignored.status, [:])
        }
    }

    /// The instance the event claims, if its token matches (constant time). On the tenant
    /// path the instance must belong to the named tenant.
    private func authenticate(_ event: UAZWebhookEvent, tenantReference: String?) async throws -> Instance {
        guard let owner = event.owner.flatMap(PhoneNumber.digits), let token = event.token, !token.isEmpty,
              let instance = try await registry.instance(owner: owner),
              ConstantTime.equals(instance.token, token)
        else { throw APIError.unauthorized }
        if let tenantReference {
            guard try await registry.tenantID(reference: tenantReference) == instance.tenantID
            else { throw APIError.unauthorized }
        }
        return instance
    }

    private func receiveMessage(
        _ event: UAZWebhookEvent, instance: Instance, logger: Logger
    ) async throws -> (HTTPResponse.Status, String, HTTPFields) {
        guard let message = event.message, let id = message.id, !id.isEmpty else {
            throw APIError.badRequest("messages event without a message id")
        }
        if message.fromMe == true || message.wasSentByApi == true { return (.ok, IntakeResult.ignored.status, [:]) }
        guard let phone = event.senderPhone else {
            logger.info("message without a phone sender ignored", metadata: ["message.id": .string(id)])
            return (.ok, IntakeResult.ignored.status, [:])
        }
        let now = services.clock.now()
        let inbound = InboundMessage(
            tenantID: instance.tenantID, messageID: id, senderPhone: phone, senderName: message.senderName,
            text: event.messageText ?? "",
            kind: event.isMedia ? .media(type: message.mediaType ?? message.messageType ?? "media") : .text,
            sentAt: message.sentAt ?? now, receivedAt: now)
        let isGroup = message.isGroup == true || (message.chatid?.hasSuffix("@g.us") ?? false)
        let result = try await registry.receive(inbound, isGroup: isGroup)
        if case .overloaded(let retryAfter) = result {
            var error = APIError(.serviceUnavailable, code: "overloaded", "tenant backlog is full; retry later")
            error.headers[.retryAfter] = String(Int(retryAfter.rounded(.up)))
            throw error
        }
        return (.ok, result.status, [:])
    }
}

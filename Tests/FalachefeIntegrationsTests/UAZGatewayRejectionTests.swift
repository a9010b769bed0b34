import FalachefeCore
@testable import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Answers that retrying will not fix, and keeping the token secret.
@Suite("UAZGateway rejections")
struct UAZGatewayRejectionTests {
    @Test("400 is rejected without retry")
    func badRequest() async throws {
        try await GatewayHarness.run { harness in
            let error = await harness.sendExpectingError("")
            #expect(error == .rejected(status: 400, reason: "HTTP 400: Missing number or text"))
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("a wrong token is rejected with 401 without retry")
    func invalidToken() async throws {
        try await GatewayHarness.run(serverToken: "the-right-token") { harness in
            let error = await harness.sendExpectingError()
            #expect(error == .rejected(status: 401, reason: "HTTP 401: Invalid token"))
            #expect(await harness.server.requestCount == 1)
            #expect(await harness.server.sent().isEmpty)
        }
    }

    @Test("the token never appears in errors or logs", arguments: [400, 401, 429, 500, 503])
    func tokenNeverLeaks(status: Int) async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures(Array(repeating: status, count: 3))
            let error = await harness.sendExpectingError()
            let error2 = try #require(error)
            #expect(!String(describing: error2).contains(GatewayHarness.token))
            #expect(!String(reflecting: error2).contains(GatewayHarness.token))
            #expect(!harness.logs.all.joined().contains(GatewayHarness.token))
        }
    }

    @Test("the token is not in a network error either")
    func tokenNotInNetworkError() async throws {
        try await GatewayHarness.run(policy: GatewayHarness.unreachablePolicy) { harness in
            await harness.server.stop()
            let error = try #require(await harness.sendExpectingError())
            #expect(!"\(error)".contains(GatewayHarness.token))
            #expect(!harness.logs.all.joined().contains(GatewayHarness.token))
        }
    }

    @Test("a body echoing the token is redacted and truncated")
    func echoedTokenRedacted() {
        let token = GatewayHarness.token
        let body = ByteBuffer(string: #"{"error":"bad token \#(token) \#(String(repeating: "x", count: 500))"}"#)
        let outcome = UAZGateway.classify(status: 403, headers: [:], body: body, token: token)
        guard case .rejected(let status, let reason) = outcome else {
            Issue.record("expected rejected, got \(outcome)")
            return
        }
        #expect(status == 403)
        #expect(!reason.contains(token))
        #expect(reason.count <= 201)
    }

    @Test("a 200 without messageid still counts as sent")
    func lenientSuccess() {
        let outcome = UAZGateway.classify(
            status: 200, headers: [:], body: ByteBuffer(string: #"{"status":"ok"}"#), token: "t"
        )
        #expect(outcome == .sent(SentMessage(providerMessageID: nil)))
        let unreadable = UAZGateway.classify(status: 200, headers: [:], body: nil, token: "t")
        #expect(unreadable == .sent(SentMessage(providerMessageID: nil)))
    }

    @Test("the fixture answer's messageid is the provider id")
    func fixtureAnswer() throws {
        let body = ByteBuffer(bytes: try Fixtures.uazapi("send-text-response"))
        let outcome = UAZGateway.classify(status: 200, headers: [:], body: body, token: "t")
        #expect(outcome == .sent(SentMessage(providerMessageID: "3EB0A1B2C3D4E5F6A7B8C9")))
    }

    @Test("Retry-After is read in seconds; anything else is ignored")
    func retryAfterParsing() {
        #expect(UAZGateway.retryAfter(["Retry-After": "2"]) == .seconds(2))
        #expect(UAZGateway.retryAfter(["Retry-After": " 7 "]) == .seconds(7))
        #expect(UAZGateway.retryAfter(["Retry-After": "-1"]) == nil)
        #expect(UAZGateway.retryAfter(["Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"]) == nil)
        #expect(UAZGateway.retryAfter([:]) == nil)
    }
}

import AsyncHTTPClient
import FalachefeCore
import FalachefeIntegrations
import FalachefeTestSupport
import Foundation
import Testing

/// Successful sends over real loopback HTTP.
@Suite("UAZGateway sending")
struct UAZGatewayTests {
    @Test("an accepted send returns the provider's message id")
    func successReturnsProviderID() async throws {
        try await GatewayHarness.run { harness in
            let sent = try await harness.send()
            let received = try await harness.server.waitForSent(count: 1, timeout: .seconds(5))
            #expect(received.count == 1)
            #expect(sent.providerMessageID == received[0].messageID)
            #expect(sent.providerMessageID?.isEmpty == false)
        }
    }

    @Test("the request carries the token header and the JSON body")
    func requestShape() async throws {
        try await GatewayHarness.run { harness in
            _ = try await harness.send("Anotei R$ 50,00 em Alimentação.\n\"ok\"")
            let received = await harness.server.sent()
            #expect(received.count == 1)
            #expect(received[0].token == GatewayHarness.token)
            #expect(received[0].number == GatewayHarness.phone)
            #expect(received[0].text == "Anotei R$ 50,00 em Alimentação.\n\"ok\"")
        }
    }

    @Test("each send gets its own provider id")
    func uniqueIDs() async throws {
        try await GatewayHarness.run { harness in
            let first = try await harness.send("um")
            let second = try await harness.send("dois")
            #expect(first.providerMessageID != second.providerMessageID)
            #expect(await harness.server.sent().map(\.text) == ["um", "dois"])
        }
    }

    @Test("a trailing slash in the base URL is tolerated", arguments: ["/", "//", "/ "])
    func trailingSlash(suffix: String) async throws {
        try await GatewayHarness.run { harness in
            var instance = harness.instance
            instance.baseURL += suffix
            let sent = try await harness.gateway.sendText("oi", to: GatewayHarness.phone, via: instance)
            #expect(sent.providerMessageID != nil)
            #expect(await harness.server.requestCount == 1)
        }
    }

    @Test("an empty base URL is not configured", arguments: ["", "   ", "/"])
    func notConfigured(baseURL: String) async throws {
        let gateway = UAZGateway(httpClient: .shared, logger: CapturedLogs().logger())
        let instance = Instance(tenantID: "t", owner: "554700000001", token: "x", baseURL: baseURL)
        await #expect(throws: GatewayError.notConfigured) {
            try await gateway.sendText("oi", to: GatewayHarness.phone, via: instance)
        }
    }

    @Test("logs mask the phone and never contain the token")
    func logsAreRedacted() async throws {
        try await GatewayHarness.run { harness in
            await harness.server.enqueueFailures([500])
            _ = try await harness.send()
            let logs = harness.logs.all.joined(separator: "\n")
            #expect(!logs.isEmpty)
            #expect(logs.contains(PhoneNumber.mask(GatewayHarness.phone)))
            #expect(!logs.contains(GatewayHarness.phone))
            #expect(!logs.contains(GatewayHarness.token))
        }
    }
}

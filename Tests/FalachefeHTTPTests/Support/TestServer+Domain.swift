import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1

/// A company created through the admin API, with what a test needs to post as its gateway.
struct TestTenant {
    var id: String
    var slug: String
    var owner: String
    var token: String
}

extension TestServer {
    @discardableResult
    func createTenant(
        slug: String, owner: String, token: String = "instance-token-\(UUID().uuidString.prefix(8))", baseURL: String?
    ) async throws -> TestTenant {
        var instance: [String: Any] = ["owner": owner, "token": token]
        if let baseURL { instance["baseUrl"] = baseURL }
        let answer = try await request(.POST, "/admin/tenants", json: ["slug": slug, "name": "Empresa \(slug)", "instance": instance])
        guard answer.status == 201, let id = answer["id"] as? String else { throw TestServerError.unexpected(answer.status, answer.json) }
        return TestTenant(id: id, slug: slug, owner: owner, token: token)
    }

    func addUser(_ tenant: TestTenant, name: String, phone: String, role: String = "admin") async throws {
        let answer = try await request(.POST, "/admin/tenants/\(tenant.slug)/users", json: ["name": name, "phone": phone, "role": role])
        guard answer.status == 201 else { throw TestServerError.unexpected(answer.status, answer.json) }
    }

    /// Posts a text message as the UAZ gateway would; returns the answer.
    @discardableResult
    func send(
        _ text: String, to tenant: TestTenant, from phone: String, messageID: String = UUID().uuidString, path: String? = nil,
        timeout: Duration = .seconds(30)
    ) async throws -> Answer {
        let payload = UAZWebhookPayload.text(owner: tenant.owner, token: tenant.token, from: phone, text: text, messageID: messageID)
        return try await request(.POST, path ?? "/webhooks/uaz", json: payload, token: nil, timeout: timeout)
    }

    func snapshot(_ tenant: TestTenant) async throws -> [String: Any] {
        try await request(.GET, "/admin/tenants/\(tenant.slug)").json
    }

    func conversation(_ tenant: TestTenant, _ phone: String) async throws -> [[String: Any]] {
        try await request(.GET, "/admin/tenants/\(tenant.slug)/conversations/\(phone)").json["messages"] as? [[String: Any]] ?? []
    }

    /// Outbound texts of a conversation, oldest first.
    func replies(_ tenant: TestTenant, _ phone: String) async throws -> [String] {
        try await conversation(tenant, phone).filter { $0["direction"] as? String == "out" }.compactMap { $0["text"] as? String }
    }
}

extension TestServerError {
    static func unexpected(_ status: Int, _ json: [String: Any]) -> TestServerFailure {
        TestServerFailure(status: status, body: "\(json)")
    }
}

struct TestServerFailure: Error, CustomStringConvertible {
    var status: Int
    var body: String
    var description: String { "unexpected HTTP \(status): \(body)" }
}

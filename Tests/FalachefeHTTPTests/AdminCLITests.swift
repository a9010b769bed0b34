import FalachefeTestSupport
import Foundation
import Testing

/// `falachefe admin …`, the real binary, against a running server and against none.
@Suite("Admin CLI")
struct AdminCLITests {
    @Test("admin commands reach a running server; with none listening they fail with the connection error")
    func adminCommands() async throws {
        let binary = try #require(ServerProcess.binary)
        try await TestServer.run { server in
            let base = "http://127.0.0.1:\(server.port)"
            _ = try await server.createTenant(slug: "cli", owner: "554700000777", baseURL: "http://127.0.0.1:9")
            let listed = try await ChildProcess.run(
                binary, ["admin", "tenants", "list", "--server", base, "--token", TestServer.adminToken, "--json"])
            #expect(listed.status == 0, "\(listed.output)")
            let json = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any]
            let slugs = (json?["tenants"] as? [[String: Any]])?.compactMap { $0["slug"] as? String }
            #expect(slugs == ["cli"], "\(listed.output)")

            let refused = try await ChildProcess.run(
                binary, ["admin", "tenants", "list", "--server", base, "--token", "wrong-token"])
            #expect(refused.status != 0)
            #expect(refused.output.contains("HTTP 401"), "\(refused.output)")
        }
        // Nothing listens on port 1: the refusal is what the operator reads.
        let down = try await ChildProcess.run(
            binary, ["admin", "tenants", "list", "--server", "http://127.0.0.1:1", "--token", TestServer.adminToken])
        #expect(down.status != 0)
        #expect(down.output.contains("cannot reach http://127.0.0.1:1"), "\(down.output)")
        #expect(down.output.localizedCaseInsensitiveContains("refused"), "\(down.output)")
    }
}

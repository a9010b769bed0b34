import AsyncHTTPClient

/// An HTTP client of one test's own, shut down after it. A client shared between tests
/// pools connections that can outlive the fake server they went to: a later test whose
/// server got the same ephemeral port would reuse them and talk to the old server.
public enum IsolatedHTTPClient {
    public static func with<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

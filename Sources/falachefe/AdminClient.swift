import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A small client of a running server's admin API, for the CLI.
struct AdminClient {
    let server: String
    let token: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends a request and returns the status and the decoded JSON body.
    func call(_ method: HTTPMethod, _ path: String, body: [String: Any]? = nil) async throws -> (Int, Any) {
        var request = HTTPClientRequest(url: server.trimmingSuffix("/") + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.configuration)
        do {
            let result = try await send(request, on: client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// One attempt at connecting, within 5 s: a server that is down is reported at once
    /// (AsyncHTTPClient's default retries a refused connection until the request's deadline).
    private static var configuration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    private func send(_ request: HTTPClientRequest, on client: HTTPClient) async throws -> (Int, Any) {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(30))
        } catch {
            throw Failure(description: "cannot reach \(server): \(error)")
        }
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = bytes.readableBytes == 0 ? [String: Any]() : try JSONSerialization.jsonObject(with: Data(buffer: bytes))
        return (Int(response.status.code), json)
    }

    /// Like `call`, but a non-2xx answer becomes an error with the server's message.
    func expect(_ method: HTTPMethod, _ path: String, body: [String: Any]? = nil) async throws -> Any {
        let (status, json) = try await call(method, path, body: body)
        guard (200..<300).contains(status) else {
            let message = (json as? [String: Any])?["error"] as? String ?? "HTTP \(status)"
            throw Failure(description: "\(message) (HTTP \(status))")
        }
        return json
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }

    /// Percent-encoded for one URL path segment.
    var pathSegment: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}

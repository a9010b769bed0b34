import FalachefeRedis
import Foundation
import Testing

/// Redis servers for the tests.
///
/// - `sharedURL()`: the server `FALACHEFE_TEST_REDIS_URL` names (`ops/test.sh` starts
///   one); tests sharing it use unique key prefixes. Without it a test fails naming the
///   variable — it never skips.
/// - `startPrivate()`: a private server of the test's own (`ops/redis-test-server.sh start`), for
///   tests that stop and restart it.
public struct RedisTestServer: Sendable {
    public static let environmentVariable = "FALACHEFE_TEST_REDIS_URL"

    /// `redis://:PASSWORD@127.0.0.1:PORT/0`.
    public let url: String
    /// The server's folder, as `start` printed it.
    public let directory: String

    /// The shared test server's URL, or a recorded failure that says how to get one.
    public static func sharedURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try TestServerEnvironment.required(
            environmentVariable, server: "Redis", script: "redis-test-server.sh", sourceLocation: sourceLocation)
    }

    /// Starts a private server on a free port; `stop()` it when done.
    public static func startPrivate() async throws -> RedisTestServer {
        let output = try await run(["start"])
        let exports = OpsScript.exports(output)
        guard let url = exports["FALACHEFE_TEST_REDIS_URL"], let directory = exports["FALACHEFE_TEST_REDIS_DIR"] else {
            throw OpsScript.Failed(script: "redis-test-server.sh", arguments: ["start"], output: OpsScript.progress(output))
        }
        return RedisTestServer(url: url, directory: directory)
    }

    /// Stops the server and starts it again on the same port with the same password (and
    /// no data: it keeps nothing).
    public func restart() async throws { _ = try await Self.run(["restart", directory]) }

    /// Stops the server, keeping its folder, so that `up()` can bring it back.
    public func down() async throws { _ = try await Self.run(["down", directory]) }

    /// Starts the server again after `down()`, on the same port and password.
    public func up() async throws { _ = try await Self.run(["up", directory]) }

    /// Stops the server and deletes its folder.
    public func stop() async throws { _ = try await Self.run(["stop", directory]) }

    /// Runs `body` with a private server, stopped afterwards whatever happens.
    public static func withPrivateServer(_ body: (RedisTestServer) async throws -> Void) async throws {
        let server = try await startPrivate()
        do {
            try await body(server)
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    private static func run(_ arguments: [String]) async throws -> String {
        try await OpsScript.run("redis-test-server.sh", arguments)
    }
}

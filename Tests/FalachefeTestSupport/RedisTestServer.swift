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

    /// `ops/redis-test-server.sh`, found from this file's location.
    public static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("ops/redis-test-server.sh")

    /// Thrown after recording the missing-server issue, to stop the test.
    public struct MissingServer: Error, CustomStringConvertible {
        public var description: String { "no Redis test server" }
    }

    /// The script failed; `output` is its progress (stderr), never the `export` lines.
    public struct ScriptFailed: Error, CustomStringConvertible {
        public var arguments: [String]
        public var output: String
        public var description: String { "ops/redis-test-server.sh \(arguments.joined(separator: " ")) failed:\n\(output)" }
    }

    /// `redis://:PASSWORD@127.0.0.1:PORT/0`.
    public let url: String
    /// The server's folder, as `start` printed it.
    public let directory: String

    /// The shared test server's URL, or a recorded failure that says how to get one.
    public static func sharedURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let value = ProcessInfo.processInfo.environment[environmentVariable]?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !value.isEmpty else {
            Issue.record(
                """
                \(environmentVariable) is not set, so the Redis tests have no server. Run the tests with \
                ops/test.sh (it starts a private Redis and sets the variable), or start one by hand with \
                `eval "$(ops/redis-test-server.sh start)"` before `swift test`.
                """,
                sourceLocation: sourceLocation
            )
            throw MissingServer()
        }
        return value
    }

    /// Starts a private server on a free port; `stop()` it when done.
    public static func startPrivate() async throws -> RedisTestServer {
        let output = try await run(["start"])
        var exports: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = String(assignment[assignment.index(after: equals)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            exports[String(assignment[..<equals])] = value
        }
        guard let url = exports["FALACHEFE_TEST_REDIS_URL"], let directory = exports["FALACHEFE_TEST_REDIS_DIR"] else {
            throw ScriptFailed(arguments: ["start"], output: Self.progress(output))
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

    /// Runs the script off the cooperative pool (a `Process` is waited for on a dispatch
    /// thread) and returns its combined output.
    private static func run(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = script
                process.arguments = arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let output = String(decoding: data, as: UTF8.self)
                if process.terminationStatus == 0 {
                    continuation.resume(returning: output)
                } else {
                    continuation.resume(throwing: ScriptFailed(arguments: arguments, output: progress(output)))
                }
            }
        }
    }

    /// The output without `export` lines (which hold the password).
    private static func progress(_ output: String) -> String {
        output.split(separator: "\n").filter { !$0.hasPrefix("export ") }.joined(separator: "\n")
    }
}

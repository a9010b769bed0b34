import Foundation
import Testing

/// The test servers `ops/test.sh` starts and names in environment variables. A missing
/// variable fails the test with what to do — a test never skips for want of a server.
public enum TestServerEnvironment {
    /// Thrown after recording the missing-server issue, to stop the test.
    public struct MissingServer: Error, CustomStringConvertible {
        public var variable: String
        public var description: String { "\(variable) is not set: no test server" }
    }

    /// The value of `variable`, or a recorded failure naming the variable and the script
    /// (`ops/<script> start`) that starts such a server by hand.
    public static func required(
        _ variable: String, server: String, script: String, sourceLocation: SourceLocation
    ) throws -> String {
        let value = ProcessInfo.processInfo.environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard value.isEmpty else { return value }
        Issue.record(
            """
            \(variable) is not set, so the \(server) tests have no server. Run the tests with ops/test.sh \
            (it starts a private \(server) and sets the variable), or start one by hand with \
            `eval "$(ops/\(script) start)"` before `swift test` (README, "Tests need PostgreSQL and Redis").
            """,
            sourceLocation: sourceLocation)
        throw MissingServer(variable: variable)
    }
}

import FalachefePostgres
import Foundation

/// A private PostgreSQL server of a test's own (`ops/postgres-test-server.sh`), for tests
/// that take the database away mid-run; `stop()` it when done. It is durable (fsync and
/// synchronous commit on): a commit acknowledged before `down()` must survive it, as on a
/// production server — the suite's shared server trades that away for speed.
public struct PostgresTestServer: Sendable {
    public let url: PostgresURL
    /// The server's folder, as `start` printed it.
    public let directory: String

    public static func start() async throws -> PostgresTestServer {
        let output = try await OpsScript.run("postgres-test-server.sh", ["start"], environment: ["FALACHEFE_PG_DURABLE": "1"])
        let exports = OpsScript.exports(output)
        guard let url = exports["FALACHEFE_TEST_POSTGRES_URL"], let directory = exports["FALACHEFE_TEST_POSTGRES_DIR"] else {
            throw OpsScript.Failed(script: "postgres-test-server.sh", arguments: ["start"], output: OpsScript.progress(output))
        }
        return PostgresTestServer(url: try PostgresURL(url), directory: directory)
    }

    /// Stops the server at once, as a crash would; `up()` brings it back on the same port.
    public func down() async throws { _ = try await OpsScript.run("postgres-test-server.sh", ["down", directory]) }

    public func up() async throws { _ = try await OpsScript.run("postgres-test-server.sh", ["up", directory]) }

    /// Stops the server and deletes its folder.
    public func stop() async throws { _ = try await OpsScript.run("postgres-test-server.sh", ["stop", directory]) }
}

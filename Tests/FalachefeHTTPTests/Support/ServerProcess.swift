import Foundation

/// The real `falachefe serve` binary in a child process, for tests that kill it.
final class ServerProcess: Sendable {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The debug binary `swift build --build-tests` leaves next to the test bundle.
    static var binary: URL? {
        let candidates = [".build/debug/falachefe", ".build/x86_64-unknown-linux-gnu/debug/falachefe"]
        return candidates.map { repositoryRoot.appendingPathComponent($0) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    let process = Process()
    let logFile: URL

    /// A server on the SQLite file at `databasePath`.
    convenience init(databasePath: String, environment extra: [String: String] = [:]) throws {
        try self.init(environment: ["FALACHEFE_SQLITE_PATH": databasePath].merging(extra) { $1 })
    }

    /// A server configured by `extra` over the test defaults (admin token, migrations): a
    /// `DATABASE_URL` in it runs the server on PostgreSQL.
    init(environment extra: [String: String]) throws {
        guard let binary = Self.binary else { throw ServerProcessError.binaryMissing }
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("falachefe-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = binary
        process.arguments = ["serve", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["FALACHEFE_ADMIN_TOKEN"] = TestServer.adminToken
        environment["FALACHEFE_MIGRATIONS"] = Self.repositoryRoot.appendingPathComponent("db/migrations/sqlite").path
        environment["FALACHEFE_POSTGRES_MIGRATIONS"] = Self.repositoryRoot.appendingPathComponent("db/migrations/postgres").path
        environment["LOG_LEVEL"] = "info"
        environment.merge(extra) { $1 }
        process.environment = environment
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardError = handle
        process.standardOutput = handle
    }

    /// Starts the process and waits for its "listening" log line.
    func start(timeout: Duration = .seconds(30)) async throws -> TestServer {
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            if let range = log.range(of: "address=127.0.0.1:") {
                let digits = log[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return TestServer(port: port, databasePath: "") }
            }
            guard process.isRunning else { throw ServerProcessError.exited(log) }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerProcessError.didNotListen
    }

    /// `kill -9`: no chance to flush or shut down.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await exit()
    }

    /// SIGTERM, then waits for a graceful exit; returns the exit status.
    func terminate() async -> Int32 {
        process.terminate()
        await exit()
        return process.terminationStatus
    }

    /// Starts the server, runs `body` with it, then terminates it — also when `body` throws.
    func whileRunning<T>(_ body: (TestServer) async throws -> T) async throws -> T {
        let server = try await start()
        do {
            let result = try await body(server)
            _ = await terminate()
            return result
        } catch {
            _ = await terminate()
            throw error
        }
    }

    /// Waits for the process to exit on a Dispatch thread: a graceful shutdown can take
    /// seconds, and blocking one of the test process's few cooperative threads that long
    /// starves every other test.
    private func exit() async {
        let process = process
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}

enum ServerProcessError: Error {
    case binaryMissing
    case didNotListen
    case exited(String)
}

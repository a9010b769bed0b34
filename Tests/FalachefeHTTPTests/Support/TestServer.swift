import AsyncHTTPClient
import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ServiceLifecycle

/// A real server on a free loopback port over a temporary SQLite file, driven over HTTP.
struct TestServer {
    static let adminToken = "test-admin-token-0123456789"
    let port: Int
    let databasePath: String

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// A fresh temporary database path.
    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("falachefe-\(UUID().uuidString).sqlite").path
    }

    /// Runs `body` against a server started with `configure` applied, then shuts it down
    /// gracefully (as SIGTERM would).
    static func run<Model: LanguageModel>(
        databasePath: String = temporaryDatabase(), model: Model = BuiltinLanguageModel(),
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (TestServer) async throws -> Void
    ) async throws {
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.sqlitePath = databasePath
        configuration.adminToken = adminToken
        configuration.runtime.tickInterval = 0.05
        configure(&configuration)
        var logger = Logger(label: "test-server")
        // FALACHEFE_TEST_LOG_LEVEL=info (or debug) shows more when a test needs looking into.
        logger.logLevel = ProcessInfo.processInfo.environment["FALACHEFE_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(configuration: configuration, model: model, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestServerError.didNotStart }
            do {
                try await body(TestServer(port: port, databasePath: databasePath))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Like `run`, with a fake UAZ server started before and stopped after the body.
    static func runWithUAZ<Model: LanguageModel>(
        databasePath: String = temporaryDatabase(), model: Model = BuiltinLanguageModel(),
        configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (TestServer, FakeUAZServer) async throws -> Void
    ) async throws {
        let uaz = try await FakeUAZServer.start()
        do {
            try await run(databasePath: databasePath, model: model, configure: configure) { try await body($0, uaz) }
        } catch {
            await uaz.stop()
            throw error
        }
        await uaz.stop()
    }

    /// An HTTP answer: status and JSON body.
    struct Answer {
        var status: Int
        var json: [String: Any]
        var headers: HTTPHeaders

        subscript(key: String) -> Any? { json[key] }
    }

    func request(
        _ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, raw: Data? = nil, token: String? = adminToken,
        timeout: Duration = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        // A connection per request: a pooled one could outlive this test's server and reach
        // a later test's server that got the same ephemeral port (`IsolatedHTTPClient`).
        request.headers.add(name: "Connection", value: "close")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body = try raw ?? json.map({ try JSONSerialization.data(withJSONObject: $0) }) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
        let bytes = try await response.body.collect(upTo: 32 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code), json: object, headers: response.headers)
    }

    func text(_ path: String) async throws -> String {
        var request = HTTPClientRequest(url: baseURL + path)
        request.headers.add(name: "Connection", value: "close")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return String(buffer: try await response.body.collect(upTo: 32 << 20))
    }
}

enum TestServerError: Error {
    case didNotStart
}

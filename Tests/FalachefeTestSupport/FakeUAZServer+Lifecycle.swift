import Hummingbird
import Logging
import NIOCore

extension FakeUAZServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter token: When set, requests with another `token` header get `401`.
    public static func start(token: String? = nil) async throws -> FakeUAZServer {
        let server = FakeUAZServer(token: token)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: server.makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "FakeUAZ"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "FakeUAZServer", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let runTask = Task {
            defer { portContinuation.finish() }
            try? await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            runTask.cancel()
            await runTask.value
            throw Failure.didNotStart
        }
        await server.didStart(port: port, runTask: runTask)
        return server
    }

    /// Stops listening and waits for the server to shut down; later connections are refused.
    public func stop() async {
        guard let runTask else { return }
        self.runTask = nil
        runTask.cancel()
        await runTask.value
    }

    private func didStart(port: Int, runTask: Task<Void, Never>) {
        self.port = port
        self.runTask = runTask
    }
}

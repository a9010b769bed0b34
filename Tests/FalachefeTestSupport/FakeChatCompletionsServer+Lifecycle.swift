import Hummingbird
import Logging
import NIOCore

extension FakeChatCompletionsServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter apiKey: When set, requests without `Authorization: Bearer <apiKey>` get `401`.
    public static func start(apiKey: String? = nil) async throws -> FakeChatCompletionsServer {
        let server = FakeChatCompletionsServer(apiKey: apiKey)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: server.makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "FakeChatCompletions"),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: "FakeChatCompletionsServer", factory: { _ in SwiftLogNoOpLogHandler() })
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

    /// Stops listening and waits for the server to shut down, abandoning answers still
    /// waiting on a delay; later connections are refused.
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

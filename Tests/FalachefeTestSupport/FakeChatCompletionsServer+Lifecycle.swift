extension FakeChatCompletionsServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter apiKey: When set, requests without `Authorization: Bearer <apiKey>` get `401`.
    public static func start(apiKey: String? = nil) async throws -> FakeChatCompletionsServer {
        let server = FakeChatCompletionsServer(apiKey: apiKey)
        guard let (port, runTask) = await LoopbackServer.start(server.makeRouter(), name: "FakeChatCompletions") else {
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

extension FakeUAZServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter token: When set, requests with another `token` header get `401`.
    public static func start(token: String? = nil) async throws -> FakeUAZServer {
        let server = FakeUAZServer(token: token)
        guard let (port, runTask) = await LoopbackServer.start(server.makeRouter(), name: "FakeUAZ") else {
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

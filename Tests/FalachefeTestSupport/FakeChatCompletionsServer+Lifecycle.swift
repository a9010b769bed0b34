extension FakeChatCompletionsServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter apiKey: When set, requests without `Authorization: Bearer <apiKey>` get `401`.
    public static func start(apiKey: String? = nil) async throws -> FakeChatCompletionsServer {
        let server = FakeChatCompletionsServer(apiKey: apiKey)
        guard let loopback = await LoopbackServer.start(server.makeRouter(), name: "FakeChatCompletions") else {
            throw Failure.didNotStart
        }
        await server.didStart(loopback)
        return server
    }

    /// Stops listening and waits for the server to shut down, abandoning answers still
    /// waiting on a delay; later connections are refused.
    public func stop() async {
        guard let loopback else { return }
        self.loopback = nil
        await loopback.stop()
    }

    private func didStart(_ loopback: LoopbackServer) {
        self.port = loopback.port
        self.loopback = loopback
    }
}

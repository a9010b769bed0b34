extension FakeUAZServer {
    /// Starts a server on 127.0.0.1 with an ephemeral port and returns once it listens.
    /// - Parameter token: When set, requests with another `token` header get `401`.
    public static func start(token: String? = nil) async throws -> FakeUAZServer {
        let server = FakeUAZServer(token: token)
        guard let loopback = await LoopbackServer.start(server.makeRouter(), name: "FakeUAZ") else {
            throw Failure.didNotStart
        }
        await server.didStart(loopback)
        return server
    }

    /// Stops listening and waits for the server to shut down; later connections are refused.
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

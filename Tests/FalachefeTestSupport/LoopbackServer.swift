import Hummingbird
import Logging
import NIOCore

/// Runs a Hummingbird router on 127.0.0.1 with an ephemeral port: the common start of the
/// HTTP fakes (UAZ, chat completions).
enum LoopbackServer {
    /// Starts serving `router` and returns once it listens, with its port and the task to
    /// cancel to stop it; nil when it could not listen.
    static func start<Context: RequestContext>(
        _ router: Router<Context>, name: String
    ) async -> (port: Int, runTask: Task<Void, Never>)? where Context.Source == ApplicationRequestContextSource {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: Logger(label: name, factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let runTask = Task {
            defer { portContinuation.finish() }
            try? await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            runTask.cancel()
            await runTask.value
            return nil
        }
        return (port, runTask)
    }
}

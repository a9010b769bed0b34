import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a Hummingbird router on 127.0.0.1 with an ephemeral port: the common start and
/// stop of the HTTP fakes (UAZ, chat completions).
///
/// Stopping cancels nothing at first: cancelling a serving task while a connection is
/// accepted but not yet handed over crashes NIO ("Deinited NIOAsyncWriter without calling
/// finish()", swift-nio#2637). The server is shut down gracefully — no new connections,
/// the accepted ones served — and only answers still held back after `grace` (a fake
/// scripted to answer in 10 s) are cancelled.
struct LoopbackServer: Sendable {
    let port: Int
    private let group: ServiceGroup
    private let runTask: Task<Void, Never>

    static let grace: Duration = .milliseconds(500)

    /// Starts serving `router` and returns once it listens; nil when it could not listen.
    static func start<Context: RequestContext>(
        _ router: Router<Context>, name: String
    ) async -> LoopbackServer? where Context.Source == ApplicationRequestContextSource {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = Logger(label: name, factory: { _ in SwiftLogNoOpLogHandler() })
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: name),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let runTask = Task {
            defer { portContinuation.finish() }
            try? await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            await runTask.value
            return nil
        }
        return LoopbackServer(port: port, group: group, runTask: runTask)
    }

    /// Shuts the server down and waits until it stopped; later connections are refused.
    func stop() async {
        await group.triggerGracefulShutdown()
        let runTask = self.runTask
        let finished = await withTaskGroup(of: Bool.self) { waiters in
            waiters.addTask {
                await runTask.value
                return true
            }
            waiters.addTask {
                try? await Task.sleep(for: Self.grace)
                return false
            }
            let first = await waiters.next() ?? false
            waiters.cancelAll()
            return first
        }
        if !finished { runTask.cancel() }
        await runTask.value
    }
}

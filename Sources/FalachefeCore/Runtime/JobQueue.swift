import Synchronization

/// A unit of work run by the registry's task group.
public typealias Job = @Sendable () async -> Void

/// Hands work from tenant actors to the registry's structured task group, so no actor
/// spawns unstructured tasks: every job runs as a child of `TenantRegistry.run()` and is
/// awaited at shutdown.
public final class JobQueue: Sendable {
    private let continuation: AsyncStream<Job>.Continuation
    let stream: AsyncStream<Job>
    private let finished = Atomic<Bool>(false)

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Submits a job; after `finish()` jobs are dropped (their work is durable and replayed).
    public func submit(_ job: @escaping Job) {
        continuation.yield(job)
    }

    /// Stops accepting jobs; the run loop ends once queued jobs are started.
    public func finish() {
        finished.store(true, ordering: .relaxed)
        continuation.finish()
    }

    /// Whether `finish()` was called.
    public var isFinished: Bool { finished.load(ordering: .relaxed) }
}

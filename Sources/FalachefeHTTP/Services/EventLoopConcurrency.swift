import CConcurrencyHook
import NIOCore
import NIOPosix
import Synchronization

/// Runs Swift Concurrency's global jobs on NIO's singleton event loops instead of the
/// runtime's own thread pool.
///
/// Every store call, HTTP request and webhook otherwise crosses between the two pools:
/// NIO completes a future on an event loop thread, which wakes a cooperative thread to
/// resume the awaiting task, and the reverse on the way out. On this 2-core machine those
/// wake-ups were a tenth of the server's CPU; with one pool, a continuation resumed by an
/// event loop runs on that loop. Measured on the crew path (README, Benchmark): about 10%
/// less CPU per message and 0.4 ms less overhead at the median. `serve` logs which executor
/// runs (`executor=event_loops` or `default`); `FALACHEFE_EVENT_LOOP_EXECUTOR=0` turns it off.
///
/// It is what `NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`
/// does, but that function finds the runtime's hook with `dlsym`, which cannot see it in a
/// binary with the standard library linked statically (`ops/common.sh`, `build_release`);
/// `CConcurrencyHook` takes its address at link time instead. The same rule as before holds,
/// only more strictly: nothing may block a task's thread, since it is now an event loop.
public enum EventLoopConcurrency {
    private typealias EnqueueGlobalHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    private static let installed = Atomic<Bool>(false)

    /// Whether `install()` succeeded in this process (logged at `serve` start).
    public static var isInstalled: Bool { installed.load(ordering: .relaxed) }

    /// The singleton group's loops as executors, looked up once (not a cast per job).
    private static let loops = Loops()

    /// Picks the loop for a job: the current one when a loop enqueues it (no thread switch),
    /// else the next in turn.
    private final class Loops: Sendable {
        let executors: [any NIOSerialEventLoopExecutor]
        let turn = Atomic<Int>(0)

        init() {
            executors = MultiThreadedEventLoopGroup.singleton.makeIterator().map { $0 as! any NIOSerialEventLoopExecutor }
        }

        func next() -> any NIOSerialEventLoopExecutor {
            if let current = MultiThreadedEventLoopGroup.currentEventLoop,
               let executor = executors.first(where: { $0 === current }) {
                return executor
            }
            return executors[turn.wrappingAdd(1, ordering: .relaxed).newValue % executors.count]
        }
    }

    /// Installs the hook, once, before any task runs. Nothing changes (and `isInstalled`
    /// stays false) when another hook is already set or this compiler's runtime hook may
    /// have another shape.
    public static func install() {
        #if compiler(<6.6)
        let slot = falachefe_swift_task_enqueue_global_hook_address()
        guard slot.load(as: UnsafeRawPointer?.self) == nil else { return }
        withUnsafeTemporaryAllocation(of: EnqueueGlobalHook.self, capacity: 1) { hook in
            hook.baseAddress!.initialize(to: { job, _ in
                EventLoopConcurrency.loops.next().enqueue(ExecutorJob(job))
            })
            hook.baseAddress!.withMemoryRebound(to: UnsafeRawPointer.self, capacity: 1) { function in
                slot.storeBytes(of: function.pointee, as: UnsafeRawPointer.self)
            }
        }
        installed.store(true, ordering: .relaxed)
        #endif
    }
}

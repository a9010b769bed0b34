import FalachefeCore
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import ServiceLifecycle

/// Who runs the pools (`PostgresClient.run()`, which may be called once) and how they stop.
extension PostgresStore: Service {
    enum Lifecycle {
        /// Created; the pool is not running.
        case idle
        /// The pool runs in the store's own task, started by `connect`; `close()` ends it.
        case running(Task<Void, Never>)
        /// The pool runs inside `run()`, which a `ServiceGroup` ends.
        case runningAsService
        case closed
    }

    /// Starts the pools in a task of the store's own (used by `connect`).
    func start() {
        lifecycle.withLockedValue { state in
            guard case .idle = state else { return }
            state = .running(Task { await self.runPools() })
        }
    }

    /// Runs the store's pool and its intake pool until cancelled.
    private func runPools() async {
        let pools = [client, intakeClient]
        await withDiscardingTaskGroup { group in
            for pool in pools { group.addTask { await pool.run() } }
        }
    }

    /// As a `Service`: for a store made by `connect`, waits for graceful shutdown (or
    /// cancellation) and then closes it; for an idle store, runs the pool until the group
    /// shuts down or cancels it. A closed store, or one already run by a group, is refused.
    public func run() async throws {
        enum Plan { case waitThenClose, runPool, refuse }
        let plan: Plan = lifecycle.withLockedValue { state in
            switch state {
            case .idle:
                state = .runningAsService
                return .runPool
            case .running: return .waitThenClose
            case .runningAsService, .closed: return .refuse
            }
        }
        switch plan {
        case .refuse:
            throw StoreError.unavailable("postgres store is closed or already running")
        case .runPool:
            await runPools()
            lifecycle.withLockedValue { $0 = .closed }
            logger.info("postgres store closed")
        case .waitThenClose:
            try? await gracefulShutdown()
            await close()
        }
    }

    /// Stops the pool started by `connect` and waits until its connections are closed;
    /// later calls fail with `StoreError.unavailable`. Closing twice is harmless. A store
    /// run by a `ServiceGroup` stops with the group instead.
    public func close() async {
        let task: Task<Void, Never>? = lifecycle.withLockedValue { state in
            switch state {
            case .running(let task):
                state = .closed
                return task
            case .idle:
                state = .closed
                return nil
            case .runningAsService, .closed:
                return nil
            }
        }
        guard let task else { return }
        task.cancel()
        await task.value
        logger.info("postgres store closed")
    }
}

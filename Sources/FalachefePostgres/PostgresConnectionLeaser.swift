import FalachefeCore
import Logging
import PostgresNIO

/// Leases pooled connections so that no store call can hang on the database.
///
/// Two ways postgres-nio (1.33) can leave a caller waiting forever, both met when the
/// server crashes under load:
/// - a lease request waits in the pool's queue without a deadline while the pool cannot
///   connect (until its circuit breaker trips a minute later);
/// - a statement written to a connection that has already closed is dropped with its
///   promise never completed (`PostgresConnection.query` writes with `promise: nil`).
///
/// So `body` runs in a task of its own, and the caller waits for whichever comes first:
/// its result, or the `PostgresLeaseWatchdog` giving up on it — no connection within
/// `timeout` (the lease request is cancelled: nothing of the call ran), or a connection that
/// closed under a statement that never came back. Either way the caller gets
/// `StoreError.unavailable`. A body that has its connection is never cut off while the
/// connection lives, so a write is never left half-known for a slow statement.
struct PostgresConnectionLeaser: Sendable {
    let client: PostgresClient
    let timeout: Duration
    let watchdog: PostgresLeaseWatchdog

    init(client: PostgresClient, timeout: Duration) {
        self.client = client
        self.timeout = timeout
        watchdog = PostgresLeaseWatchdog()
    }

    /// Runs `body` on a pooled connection (returned to the pool afterwards).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let lease = PostgresLease<T>(timeout: timeout)
        let client = client
        let watchdog = watchdog
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                lease.install(continuation)
                let work = Task {
                    do {
                        let value = try await client.withConnection { connection in
                            guard lease.start(on: connection) else { throw lease.timedOut }
                            return try await body(connection)
                        }
                        lease.finish(.success(value))
                    } catch {
                        lease.finish(.failure(error))
                    }
                }
                lease.attach(work)
                watchdog.watch(lease)
            }
        } onCancel: {
            lease.cancel()
        }
    }

    /// `withConnection`, with `body` inside one transaction: committed when it returns,
    /// rolled back when it throws — unless the connection is gone, whose session the
    /// server ends (and rolls back) itself. Errors are the body's own, or postgres-nio's.
    func withTransaction<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.execute("BEGIN", logger: logger)
            let value: T
            do {
                value = try await body(connection)
            } catch {
                if !connection.isClosed { try? await connection.execute("ROLLBACK", logger: logger) }
                throw error
            }
            try await connection.execute("COMMIT", logger: logger)
            return value
        }
    }
}

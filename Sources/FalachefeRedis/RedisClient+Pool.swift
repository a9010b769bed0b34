import FalachefeCore
import Logging

/// The pool: round-robin over lazily opened connections, one connect per slot at a time
/// (later callers of that slot wait for it), and the availability verdict.
extension RedisClient {
    func lease() async throws -> RedisConnection {
        guard !isShutDown else { throw RedisError.unavailable }
        let index = nextSlot
        nextSlot = (nextSlot + 1) % slots.count
        switch slots[index] {
        case .connected(let connection) where connection.isActive:
            return connection
        case .connecting:
            if let open = anyOpenConnection() { return open }
            return try await withCheckedThrowingContinuation { waiter in
                if case .connecting(let waiters) = slots[index] {
                    slots[index] = .connecting(waiters + [waiter])
                } else {
                    waiter.resume(throwing: RedisError.unavailable)
                }
            }
        case .connected, .idle:
            if let retryAt, ContinuousClock.now < retryAt {
                if let open = anyOpenConnection() { return open }
                throw RedisError.unavailable
            }
            return try await open(slot: index)
        }
    }

    func open(slot index: Int) async throws -> RedisConnection {
        slots[index] = .connecting([])
        do {
            let connection = try await RedisConnection.connect(
                configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger
            )
            let waiters = takeWaiters(slot: index)
            guard !isShutDown else {
                await connection.close()
                waiters.forEach { $0.resume(throwing: RedisError.unavailable) }
                throw RedisError.unavailable
            }
            slots[index] = .connected(connection)
            failedConnects = 0
            retryAt = nil
            markAvailable()
            waiters.forEach { $0.resume(returning: connection) }
            return connection
        } catch {
            let waiters = takeWaiters(slot: index)
            if case .connecting = slots[index] { slots[index] = .idle }
            let failure = (error as? RedisError) ?? .connectionFailed(configuration.url.endpoint)
            if !isShutDown {
                let delay = configuration.reconnectBackoff.delay(attempt: failedConnects)
                failedConnects += 1
                retryAt = ContinuousClock.now + delay
                markUnavailable(failure)
            }
            waiters.forEach { $0.resume(throwing: failure) }
            throw failure
        }
    }

    func takeWaiters(slot index: Int) -> [CheckedContinuation<RedisConnection, any Error>] {
        guard case .connecting(let waiters) = slots[index] else { return [] }
        slots[index] = .connecting([])
        return waiters
    }

    func anyOpenConnection() -> RedisConnection? {
        for slot in slots {
            if case .connected(let connection) = slot, connection.isActive { return connection }
        }
        return nil
    }

    func drop(_ connection: RedisConnection) async {
        for index in slots.indices {
            if case .connected(let pooled) = slots[index], pooled === connection {
                slots[index] = .idle
            }
        }
        // A timed-out or broken connection is already closing; make sure it is.
        await connection.close()
    }

    func markAvailable() {
        if available != true {
            logger.info("redis available", metadata: ["redis.url": "\(configuration.url)"])
        }
        available = true
    }

    func markUnavailable(_ error: RedisError) {
        if available != false {
            logger.warning(
                "redis unavailable; falling back to local limits and database dedupe",
                metadata: ["redis.url": "\(configuration.url)", "error": "\(error)"]
            )
        }
        available = false
    }
}

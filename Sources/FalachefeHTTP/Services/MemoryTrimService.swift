import ServiceLifecycle

/// Gives memory the allocator holds but no longer uses back to the system, every
/// `interval` until the group shuts down.
///
/// glibc keeps freed heap pages after a burst of webhooks (per-thread arenas, fragments
/// between live blocks), so a server's resident size stays at its peak long after the
/// load is gone; `malloc_trim` releases them. It is a short walk over the free lists,
/// cheap at this period. Elsewhere than glibc it does nothing.
struct MemoryTrimService: Service {
    let interval: Duration
    let trim: @Sendable () -> Void

    init(interval: Duration, trim: @escaping @Sendable () -> Void = GlibcMalloc.trim) {
        self.interval = interval
        self.trim = trim
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            trim()
        }
    }
}

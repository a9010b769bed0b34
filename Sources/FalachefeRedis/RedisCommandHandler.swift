import NIOCore

/// Matches pipelined requests to replies: a FIFO of promises, one per written command,
/// completed in order as replies arrive (Redis answers in request order).
///
/// Each request has its own deadline. On a timeout the request fails with
/// `RedisError.timeout` and the channel is closed: its reply may still come, and every
/// later reply would then complete the wrong promise. When the channel closes, every
/// pending request fails with `RedisError.connectionClosed` (or the protocol error that
/// closed it).
///
/// In pub/sub mode the server also pushes `message` arrays that answer no request; those
/// go to `onPush` (called on the event loop, in order).
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RedisValue
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    /// One command and the promise its reply completes.
    struct Request: Sendable {
        var arguments: [String]
        var promise: EventLoopPromise<RedisValue>
        var timeout: Duration
    }

    private struct Pending {
        var id: UInt64
        var promise: EventLoopPromise<RedisValue>
        var timeout: Scheduled<Void>?
    }

    private var pending = CircularBuffer<Pending>()
    private var nextID: UInt64 = 0
    private var closedError: RedisError?
    private let onPush: (@Sendable (RedisValue) -> Void)?

    init(onPush: (@Sendable (RedisValue) -> Void)? = nil) {
        self.onPush = onPush
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.promise.fail(closedError)
            promise?.fail(closedError)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 64)
        do {
            try RedisCommand.write(request.arguments, into: &buffer)
        } catch {
            request.promise.fail(error)
            promise?.fail(error)
            return
        }
        let id = nextID
        nextID &+= 1
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(request.timeout)) { [context] in
            self.timedOut(id: id, context: context)
        }
        pending.append(Pending(id: id, promise: request.promise, timeout: timeout))
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let onPush, Self.isPush(reply) {
            onPush(reply)
            return
        }
        guard let request = pending.popFirst() else {
            fail(context: context, with: .protocolError("a reply arrived with no request waiting"))
            return
        }
        request.timeout?.cancel()
        if case .error(let message) = reply {
            request.promise.fail(RedisError.server(message))
        } else {
            request.promise.succeed(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(context: context, with: (error as? RedisError) ?? .connectionClosed)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: closedError ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(with: closedError ?? .connectionClosed)
    }

    private func timedOut(id: UInt64, context: ChannelHandlerContext) {
        guard let index = pending.firstIndex(where: { $0.id == id }) else { return }
        let request = pending.remove(at: index)
        request.promise.fail(RedisError.timeout)
        fail(context: context, with: .connectionClosed)
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        if closedError == nil { closedError = error }
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: RedisError) {
        if closedError == nil { closedError = error }
        while let request = pending.popFirst() {
            request.timeout?.cancel()
            request.promise.fail(error)
        }
    }

    /// `["message", channel, payload]` and `["pmessage", pattern, channel, payload]`.
    private static func isPush(_ reply: RedisValue) -> Bool {
        guard case .array(let elements) = reply, let kind = elements.first?.string else { return false }
        return (kind == "message" && elements.count == 3) || (kind == "pmessage" && elements.count == 4)
    }
}

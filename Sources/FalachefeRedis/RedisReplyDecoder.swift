import NIOCore

/// Turns the bytes of a connection into `RedisValue`s with hiredis' reader.
///
/// A protocol error is unrecoverable (the stream position is lost): it is passed on as
/// `RedisError.protocolError` and the channel is closed; later bytes are dropped.
final class RedisReplyDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RedisValue

    private let parser = RedisReplyParser()
    private var failed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        do {
            try buffer.withUnsafeReadableBytes { try parser.feed($0) }
            while let reply = try parser.next() {
                context.fireChannelRead(wrapInboundOut(reply))
            }
        } catch {
            failed = true
            context.fireErrorCaught(error)
            context.close(promise: nil)
        }
    }
}

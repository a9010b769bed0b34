import CHiredis

/// hiredis' RESP reader: bytes in, `RedisValue`s out.
///
/// Owns one `redisReader` (freed in `deinit`); not thread-safe, so it lives inside a
/// channel handler on its event loop. After a protocol error the reader is unusable and
/// every later call throws the same error: the connection must be closed.
final class RedisReplyParser {
    private let reader: UnsafeMutablePointer<redisReader>
    private var failure: RedisError?

    init() {
        guard let reader = redisReaderCreate() else {
            // hiredis returns NULL only when malloc fails.
            fatalError("hiredis: redisReaderCreate failed (out of memory)")
        }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Hands `bytes` to the reader, which copies them into its own buffer.
    func feed(_ bytes: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count) != REDIS_OK {
            throw fail()
        }
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws -> RedisValue? {
        if let failure { throw failure }
        var reply: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &reply) == REDIS_OK else {
            throw fail()
        }
        guard let reply else { return nil }
        defer { freeReplyObject(reply) }
        return RedisValue(reply: reply.assumingMemoryBound(to: redisReply.self))
    }

    private func fail() -> RedisError {
        let message = withUnsafeBytes(of: &reader.pointee.errstr) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let error = RedisError.protocolError(message.isEmpty ? "unreadable reply" : message)
        failure = error
        return error
    }
}

extension RedisValue {
    /// Copies a hiredis reply tree (which the caller still frees with `freeReplyObject`).
    init(reply: UnsafePointer<redisReply>) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STATUS:
            self = .simpleString(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int(node.integer))
        case REDIS_REPLY_STRING:
            self = .bulkString(Self.bytes(node))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                if let element = node.element?[index] {
                    elements.append(RedisValue(reply: element))
                } else {
                    elements.append(.null)
                }
            }
            self = .array(elements)
        default:
            // REDIS_REPLY_NIL, and RESP3 types hiredis 0.14 never produces.
            self = .null
        }
    }

    private static func bytes(_ node: redisReply) -> [UInt8] {
        guard let str = node.str, node.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: str, count: node.len))
    }
}

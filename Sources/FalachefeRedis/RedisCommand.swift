import CHiredis
import NIOCore

/// Formats commands as RESP with hiredis' `redisFormatCommandArgv`: every argument is
/// sent as a length-prefixed bulk string, so values need no escaping.
enum RedisCommand {
    /// Appends `arguments` (command name first) to `buffer` as one RESP command.
    static func write(_ arguments: [String], into buffer: inout ByteBuffer) throws {
        guard !arguments.isEmpty else { throw RedisError.protocolError("empty command") }
        // One contiguous copy of every argument's UTF-8 bytes; argv points into it.
        var storage: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(arguments.count)
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            offsets.append(storage.count)
            storage.append(contentsOf: argument.utf8)
            lengths.append(storage.count - offsets[offsets.count - 1])
        }
        storage.append(0)  // a valid address even when every argument is empty

        let written: Int32 = storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            var target: UnsafeMutablePointer<CChar>?
            let length = argv.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { lengths in
                    redisFormatCommandArgv(&target, Int32(arguments.count), argv.baseAddress, lengths.baseAddress)
                }
            }
            guard length >= 0, let target else { return -1 }
            defer { redisFreeCommand(target) }
            buffer.writeBytes(UnsafeRawBufferPointer(start: target, count: Int(length)))
            return length
        }
        guard written >= 0 else { throw RedisError.protocolError("hiredis could not format the command") }
    }
}

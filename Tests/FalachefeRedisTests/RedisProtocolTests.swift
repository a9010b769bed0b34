@testable import FalachefeRedis
import NIOCore
import Testing

/// hiredis formats commands and parses replies; these check the bridge byte for byte.
@Suite("RESP through hiredis")
struct RedisProtocolTests {
    private func formatted(_ arguments: [String]) throws -> String {
        var buffer = ByteBuffer()
        try RedisCommand.write(arguments, into: &buffer)
        return buffer.readString(length: buffer.readableBytes) ?? ""
    }

    private func parse(_ text: String) throws -> [RedisValue] {
        let parser = RedisReplyParser()
        try Array(text.utf8).withUnsafeBytes { try parser.feed($0) }
        var values: [RedisValue] = []
        while let value = try parser.next() { values.append(value) }
        return values
    }

    @Test("commands are formatted as arrays of length-prefixed bulk strings")
    func formatsCommands() throws {
        #expect(try formatted(["SET", "k", "v"]) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")
        #expect(try formatted(["ECHO", ""]) == "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n")
        // Lengths count UTF-8 bytes, and CR LF inside a value needs no escaping.
        #expect(try formatted(["ECHO", "ação\r\n"]) == "*2\r\n$4\r\nECHO\r\n$8\r\nação\r\n\r\n")
    }

    @Test("an empty command is refused")
    func refusesEmptyCommand() {
        var buffer = ByteBuffer()
        #expect(throws: RedisError.self) { try RedisCommand.write([], into: &buffer) }
    }

    @Test("every RESP2 reply type is parsed")
    func parsesEveryType() throws {
        let values = try parse(
            "+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhello\r\n$0\r\n\r\n$-1\r\n*-1\r\n*0\r\n"
                + "*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n"
        )
        #expect(values == [
            .simpleString("OK"), .error("ERR bad thing"), .integer(-42), .bulkString(Array("hello".utf8)),
            .bulkString([]), .null, .null, .array([]),
            .array([.integer(1), .array([.bulkString([UInt8(ascii: "x")])]), .null]),
        ])
    }

    @Test("a reply split across reads is returned once complete")
    func waitsForCompleteReplies() throws {
        let parser = RedisReplyParser()
        try Array("$5\r\nhel".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect(try parser.next() == nil)
        try Array("lo\r\n:7".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect(try parser.next() == .bulkString(Array("hello".utf8)))
        #expect(try parser.next() == nil)
        try Array("\r\n".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect(try parser.next() == .integer(7))
    }

    @Test("bytes that are not RESP are a protocol error, and the parser stays failed")
    func rejectsGarbage() throws {
        let parser = RedisReplyParser()
        try Array("?what\r\n".utf8).withUnsafeBytes { try parser.feed($0) }
        #expect {
            _ = try parser.next()
        } throws: { error in
            guard case RedisError.protocolError = error else { return false }
            return true
        }
        #expect(throws: RedisError.self) { _ = try parser.next() }
    }

    @Test("values give their text and integers")
    func accessors() {
        #expect(RedisValue.bulkString(Array("12".utf8)).integer == 12)
        #expect(RedisValue.simpleString("PONG").string == "PONG")
        #expect(RedisValue.null.string == nil)
        #expect(RedisValue.array([.integer(1)]).array == [.integer(1)])
    }
}

/// One RESP2 reply, as hiredis' reader produced it.
///
/// Bulk strings stay bytes (Redis values are binary-safe); `string` decodes them as UTF-8
/// for the common case. A top-level error reply never reaches callers of
/// `RedisConnection.send` as a value — it is thrown as `RedisError.server` — but errors
/// nested inside arrays (a Lua table, `EXEC`) stay values.
public enum RedisValue: Sendable, Hashable {
    /// `+OK`, `+PONG`: a status line.
    case simpleString(String)
    /// `-ERR …`: an error line.
    case error(String)
    /// `:42`.
    case integer(Int)
    /// `$n` followed by `n` bytes.
    case bulkString([UInt8])
    /// `*n` followed by `n` replies.
    case array([RedisValue])
    /// `$-1` or `*-1`: no value.
    case null
}

extension RedisValue {
    /// The text of a simple or bulk string; nil for every other reply.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The integer of an integer reply, or of a bulk string holding a decimal integer.
    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .bulkString: string.flatMap { Int($0) }
        default: nil
        }
    }

    /// The elements of an array reply.
    public var array: [RedisValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool { self == .null }
}

extension RedisValue: CustomStringConvertible {
    /// A short rendering for logs and test failures (bulk strings are shown as text).
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let value): ":\(value)"
        case .bulkString: "\"\(string ?? "")\""
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .null: "nil"
        }
    }
}

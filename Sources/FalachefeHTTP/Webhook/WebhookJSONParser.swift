/// A strict JSON parser (RFC 8259) over bytes, producing `WebhookJSON`.
///
/// Strict where JSON is: one value and nothing after it but whitespace, no trailing commas,
/// no control characters inside strings, the number grammar as specified. Invalid UTF-8 in
/// a string becomes U+FFFD, as does a lone surrogate escape. Nesting deeper than
/// `maximumDepth` is refused so that a hostile body cannot exhaust the stack. A repeated
/// member name keeps its last value.
///
/// Given `keeping`, objects keep only the members it names; every other member's value is
/// checked by the same grammar and skipped without being built, so a body is refused or
/// accepted exactly as without the filter.
struct WebhookJSONParser {
    /// Why a body is not JSON, with the byte offset where parsing stopped.
    struct Malformed: Error, Hashable, CustomStringConvertible {
        var offset: Int
        var reason: String

        var description: String { "malformed JSON at byte \(offset): \(reason)" }
    }

    static let maximumDepth = 128

    private let bytes: UnsafeRawBufferPointer
    private let keeping: MemberNames?
    private var index = 0

    private init(bytes: UnsafeRawBufferPointer, keeping: MemberNames?) {
        self.bytes = bytes
        self.keeping = keeping
    }

    /// Parses a whole document; objects keep only the members named in `keeping`, when given.
    static func parse(_ bytes: UnsafeRawBufferPointer, keeping: MemberNames? = nil) throws(Malformed) -> WebhookJSON {
        var parser = WebhookJSONParser(bytes: bytes, keeping: keeping)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0, build: true)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.malformed("unexpected characters after the value") }
        return value ?? .null
    }

    private var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private func malformed(_ reason: String) -> Malformed {
        Malformed(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == .space || byte == .tab || byte == .lineFeed || byte == .carriageReturn {
            index += 1
        }
    }

    /// The value at the current position; `nil` when `build` is false (checked, not built).
    private mutating func value(depth: Int, build: Bool) throws(Malformed) -> WebhookJSON? {
        guard depth < Self.maximumDepth else { throw malformed("nested deeper than \(Self.maximumDepth) levels") }
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth, build: build)
        case UInt8(ascii: "["): return try array(depth: depth, build: build)
        case UInt8(ascii: "\""): return try string(build: build).map(WebhookJSON.string)
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case nil: throw malformed("unexpected end of the body")
        default: return try number(build: build).map(WebhookJSON.number)
        }
    }

    private mutating func object(depth: Int, build: Bool) throws(Malformed) -> WebhookJSON? {
        index += 1
        var members: [String: WebhookJSON] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return build ? .object(members) : nil
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw malformed("expected a member name") }
            let name = try memberName(build: build)
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw malformed("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            let member = try value(depth: depth + 1, build: name != nil)
            if let name, let member { members[name] = member }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return build ? .object(members) : nil
            default: throw malformed("expected ',' or '}' in an object")
            }
        }
    }

    /// The name of the member at the current quote; `nil` when the object is not built or
    /// `keeping` leaves the member out. A name without escapes is matched on its bytes.
    private mutating func memberName(build: Bool) throws(Malformed) -> String? {
        guard build, let keeping else { return try string(build: build) }
        let start = index + 1
        _ = try string(build: false)
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index - 1])
        if !raw.contains(UInt8(ascii: "\\")) {
            return keeping.contains(raw) ? String(decoding: raw, as: UTF8.self) : nil
        }
        index = start - 1
        guard let name = try string(build: true), keeping.contains(name) else { return nil }
        return name
    }

    private mutating func array(depth: Int, build: Bool) throws(Malformed) -> WebhookJSON? {
        index += 1
        var elements: [WebhookJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return build ? .array(elements) : nil
        }
        while true {
            skipWhitespace()
            let element = try value(depth: depth + 1, build: build)
            if build, let element { elements.append(element) }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return build ? .array(elements) : nil
            default: throw malformed("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count,
              word.withUTF8Buffer({ expected in (0..<count).allSatisfy { bytes[index + $0] == expected[$0] } })
        else { throw malformed("expected \(word)") }
        index += count
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`, returned as written when `build`.
    private mutating func number(build: Bool) throws(Malformed) -> String? {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() > 0 else { throw malformed("expected a value") }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw malformed("expected digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw malformed("expected digits in an exponent") }
        }
        return build ? text(from: start) : nil
    }

    /// The bytes from `start` to the current position, as a string.
    private func text(from start: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    /// A string starting at its opening quote, or `nil` when not `build` (checked, not
    /// built). Strings without escapes (nearly all) are decoded straight from the body.
    private mutating func string(build: Bool) throws(Malformed) -> String? {
        index += 1
        let start = index
        while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
            guard byte >= 0x20 else { throw malformed("control character in a string") }
            index += 1
        }
        guard let stop = current else { throw malformed("unterminated string") }
        if stop == UInt8(ascii: "\"") {
            defer { index += 1 }
            return build ? text(from: start) : nil
        }
        var utf8 = build ? Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) : []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return build ? String(decoding: utf8, as: UTF8.self) : nil
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
                if !build { utf8.removeAll(keepingCapacity: true) }
            case ..<0x20:
                index -= 1
                throw malformed("control character in a string")
            default:
                if build { utf8.append(byte) }
            }
        }
        throw malformed("unterminated string")
    }

    /// The escape after a backslash, appended to `utf8` as UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(Malformed) {
        guard let byte = current else { throw malformed("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(.lineFeed)
        case UInt8(ascii: "r"): utf8.append(.carriageReturn)
        case UInt8(ascii: "t"): utf8.append(.tab)
        case UInt8(ascii: "u"):
            UTF8.encode(try unicodeEscape()) { utf8.append($0) }
        default:
            index -= 1
            throw malformed("invalid escape")
        }
    }

    /// The scalar of a `\uXXXX` escape whose `\u` was read, joining a surrogate pair
    /// written as two escapes; a lone surrogate is U+FFFD.
    private mutating func unicodeEscape() throws(Malformed) -> Unicode.Scalar {
        let unit = try hexUnit()
        if (0xD800...0xDBFF).contains(unit), bytes.count - index >= 6,
           bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
            let mark = index
            index += 2
            let low = try hexUnit()
            if (0xDC00...0xDFFF).contains(low),
               let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) {
                return scalar
            }
            index = mark
        }
        return Unicode.Scalar(unit) ?? "\u{FFFD}"
    }

    /// Four hexadecimal digits.
    private mutating func hexUnit() throws(Malformed) -> UInt32 {
        guard bytes.count - index >= 4 else { throw malformed("incomplete \\u escape") }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8 = switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: throw malformed("invalid hexadecimal digit in a \\u escape")
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }
}

private extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
}

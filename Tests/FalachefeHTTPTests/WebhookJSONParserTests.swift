@testable import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import Testing

/// The webhook's JSON parser: exact where JSON is exact, refusing what is not JSON.
@Suite("Webhook JSON parser")
struct WebhookJSONParserTests {
    func parse(_ text: String) throws -> WebhookJSON {
        try Data(text.utf8).withUnsafeBytes { try WebhookJSONParser.parse($0) }
    }

    @Test("objects, arrays, literals and numbers parse to their values; numbers keep their text")
    func values() throws {
        let value = try parse(#" {"a": [1, -0.5, 2e10, true, false, null], "b": {"c": "d"}, "n": 9223372036854775807} "#)
        #expect(value == .object([
            "a": .array([.number("1"), .number("-0.5"), .number("2e10"), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]),
            "n": .number("9223372036854775807"),
        ]))
    }

    @Test("escapes decode, surrogate pairs join, lone surrogates become U+FFFD")
    func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u00e9 \u00E9 \ud83d\ude00 ok""#) == .string("é é 😀 ok"))
        #expect(try parse(#""\ud83d x""#) == .string("\u{FFFD} x"))
        #expect(try parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse("\"já é 😀\"") == .string("já é 😀"), "UTF-8 passes through")
    }

    @Test("a repeated member keeps its last value")
    func repeatedMember() throws {
        #expect(try parse(#"{"k": 1, "k": 2}"#) == .object(["k": .number("2")]))
    }

    @Test("what is not JSON is refused", arguments: [
        "", " ", "{", "}", #"{"a":1,}"#, "[1,]", "[1 2]", #"{"a" 1}"#, #"{a:1}"#, "{} x", "01", "1.", ".5", "-", "1e",
        "+1", "tru", "nul", #""abc"#, "\"a\u{01}b\"", #""\x""#, #""\u12""#, #""\u12G4""#, "'a'", "NaN",
    ])
    func refused(text: String) {
        #expect(throws: WebhookJSONParser.Malformed.self) { try parse(text) }
    }

    @Test("nesting deeper than the limit is refused instead of exhausting the stack")
    func deepNesting() throws {
        let depth = WebhookJSONParser.maximumDepth
        #expect(throws: WebhookJSONParser.Malformed.self) {
            try parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        }
        _ = try parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(throws: WebhookJSONParser.Malformed.self) {
            try parse(String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1))
        }
    }

    @Test("the error names the offset where parsing stopped")
    func errorOffset() {
        #expect(throws: WebhookJSONParser.Malformed(offset: 8, reason: "expected ',' or '}' in an object")) {
            try parse(#"{"a": 1 "b": 2}"#)
        }
    }

    func parse(_ text: String, keeping names: [String]) throws -> WebhookJSON {
        try Data(text.utf8).withUnsafeBytes { try WebhookJSONParser.parse($0, keeping: MemberNames(names)) }
    }

    @Test("with member names given, objects at every depth keep only those members")
    func keepsNamedMembers() throws {
        let text = #"{"a": {"b": 1, "x": {"b": 2}}, "y": [{"b": 3}], "b": [{"b": "4", "z": null}], "\u0062": 5}"#
        #expect(try parse(text, keeping: ["a", "b"]) == .object([
            "a": .object(["b": .number("1")]),
            "b": .number("5"),
        ]), "the escaped name \\u0062 is b, and the last repeated member wins")
        #expect(try parse(#"{"b": [{"b": "4", "z": null}]}"#, keeping: ["b"]) == .object([
            "b": .array([.object(["b": .string("4")])]),
        ]))
        #expect(try parse("[1, {\"q\": 2}]", keeping: []) == .array([.number("1"), .object([:])]))
    }

    @Test("skipped members are checked like kept ones: what is not JSON is still refused", arguments: [
        #"{"x": [1,]}"#, #"{"x": "\x"}"#, #"{"x": "\u12G4"}"#, "{\"x\": \"a\u{01}b\"}", #"{"x": 01}"#, #"{"x": tru}"#,
        #"{"x": {"a" 1}}"#, #"{"x": 1"#, #"{"x\q": 1}"#,
    ])
    func skippedMembersAreChecked(text: String) {
        #expect(throws: WebhookJSONParser.Malformed.self) { try parse(text, keeping: ["a"]) }
    }

    @Test("skipped members cannot nest deeper than the limit")
    func skippedNesting() {
        let depth = WebhookJSONParser.maximumDepth
        let deep = #"{"x": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
        #expect(throws: WebhookJSONParser.Malformed.self) { try parse(deep, keeping: ["a"]) }
    }

    @Test("every fixture parses, with the webhook's member names, to the full tree without the other members",
          arguments: UAZWebhookEventFixtures.names)
    func fixtureKeepsWhatTheDecoderReads(name: String) throws {
        let body = try Fixtures.uazapi(name)
        let full = try body.withUnsafeBytes { try WebhookJSONParser.parse($0) }
        let kept = try body.withUnsafeBytes { try WebhookJSONParser.parse($0, keeping: WebhookField.names) }
        let names = Set(WebhookField.allCases.map(\.rawValue))
        #expect(kept == Self.pruned(full, keeping: names))
        #expect(kept != full, "the fixtures carry members the decoder does not read")
    }

    /// `value` with every object member not in `names` removed, at every depth.
    static func pruned(_ value: WebhookJSON, keeping names: Set<String>) -> WebhookJSON {
        switch value {
        case .object(let members):
            .object(members.filter { names.contains($0.key) }.mapValues { pruned($0, keeping: names) })
        case .array(let elements): .array(elements.map { pruned($0, keeping: names) })
        default: value
        }
    }
}

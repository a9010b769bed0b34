/// A JSON value as `WebhookJSONParser` reads it. Numbers keep their text, so an integer of
/// any size reads back exactly and each field decides how to read it.
///
/// Why not `JSONDecoder`: decoding a webhook through `Codable` was about a fifth of the
/// server's CPU on the acknowledge path (README, Benchmark) — keyed containers, coding
/// paths and a thrown error for every lenient fallback. The webhook needs a dozen fields
/// read leniently from one small document; a tree of plain values does that directly.
enum WebhookJSON: Sendable, Hashable {
    case object([String: WebhookJSON])
    case array([WebhookJSON])
    case string(String)
    /// The number's text as it appeared (validated JSON number syntax).
    case number(String)
    case bool(Bool)
    case null

    /// The members, when this is an object.
    var object: [String: WebhookJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

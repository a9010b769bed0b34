extension UAZWebhookEvent {
    /// Field readers that never throw: a missing, `null` or unusable value is `nil`.
    enum Lenient {
        /// A string; an integer is accepted in its decimal form (ids sometimes arrive as numbers).
        static func string<Key>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> String? {
            if let value = try? container.decodeIfPresent(String.self, forKey: key) { return value }
            if let value = try? container.decodeIfPresent(Int64.self, forKey: key) { return String(value) }
            return nil
        }

        /// A boolean from `true`/`false`, `"True"`/`"false"` (any case), `"1"`/`"0"` or `1`/`0`.
        static func bool<Key>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Bool? {
            if let value = try? container.decodeIfPresent(Bool.self, forKey: key) { return value }
            if let value = try? container.decodeIfPresent(Int64.self, forKey: key) {
                return value == 0 ? false : value == 1 ? true : nil
            }
            guard let value = try? container.decodeIfPresent(String.self, forKey: key) else { return nil }
            switch value.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        }

        /// An integer from a JSON number (fractions truncated) or a numeric string.
        static func int64<Key>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> Int64? {
            if let value = try? container.decodeIfPresent(Int64.self, forKey: key) { return value }
            if let value = try? container.decodeIfPresent(Double.self, forKey: key),
               value.isFinite, abs(value) < 9e18 {
                return Int64(value)
            }
            guard let value = try? container.decodeIfPresent(String.self, forKey: key) else { return nil }
            return Int64(value)
        }

        /// An array of strings (non-string elements dropped), or a single string as a
        /// one-element array.
        static func strings<Key>(_ container: KeyedDecodingContainer<Key>, _ key: Key) -> [String]? {
            if let values = try? container.decodeIfPresent([Element].self, forKey: key) {
                return values.compactMap(\.value)
            }
            return string(container, key).map { [$0] }
        }

        /// One array element that decodes to `nil` instead of failing the array.
        private struct Element: Decodable {
            var value: String?

            init(from decoder: any Decoder) throws {
                value = try? decoder.singleValueContainer().decode(String.self)
            }
        }
    }
}

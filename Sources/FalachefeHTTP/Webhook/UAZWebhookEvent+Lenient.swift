extension UAZWebhookEvent {
    /// Field readers that never fail: a missing, `null` or unusable value is `nil`.
    enum Lenient {
        /// A string; an integer is accepted in its decimal form (ids sometimes arrive as numbers).
        static func string(_ value: WebhookJSON?) -> String? {
            switch value {
            case .string(let text)?: text
            case .number(let text)?: Int64(text).map(String.init)
            default: nil
            }
        }

        /// A boolean from `true`/`false`, `"True"`/`"false"` (any case), `"1"`/`"0"` or `1`/`0`.
        static func bool(_ value: WebhookJSON?) -> Bool? {
            switch value {
            case .bool(let flag)?: flag
            case .number(let text)?: text == "0" ? false : text == "1" ? true : nil
            case .string(let text)?:
                switch text.lowercased() {
                case "true", "1": true
                case "false", "0": false
                default: nil
                }
            default: nil
            }
        }

        /// An integer from a JSON number (fractions truncated) or a numeric string.
        static func int64(_ value: WebhookJSON?) -> Int64? {
            switch value {
            case .number(let text)?:
                if let integer = Int64(text) { return integer }
                guard let number = Double(text), number.isFinite, abs(number) < 9e18 else { return nil }
                return Int64(number)
            case .string(let text)?: return Int64(text)
            default: return nil
            }
        }

        /// An array of strings (non-string elements dropped), or a single string as a
        /// one-element array.
        static func strings(_ value: WebhookJSON?) -> [String]? {
            guard case .array(let elements)? = value else { return string(value).map { [$0] } }
            return elements.compactMap { element in
                if case .string(let text) = element { return text }
                return nil
            }
        }
    }
}

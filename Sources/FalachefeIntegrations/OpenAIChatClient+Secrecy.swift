import Foundation

extension OpenAIChatClient {
    /// The API key, held so that printing, dumping or reflecting the client never shows it.
    struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// The key, or `nil` when none was configured (an empty key counts as none).
        let value: String?

        init(_ value: String?) {
            let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
            self.value = (trimmed?.isEmpty ?? true) ? nil : trimmed
        }

        var description: String { value == nil ? "none" : "<redacted>" }
        var debugDescription: String { description }
        var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
    }
}

/// Dumps show the configuration only: not the key, and not the shared HTTP client, whose
/// in-flight requests carry the `Authorization` header.
extension OpenAIChatClient: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(self, children: [
            "baseURL": baseURL, "apiKey": apiKey, "fallbackModel": fallbackModel as Any, "policy": policy,
        ], displayStyle: .struct)
    }
}

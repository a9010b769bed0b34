import FalachefeCore
import Foundation

extension FakeChatCompletionsServer {
    /// A `chat.completion` body with one choice.
    static func completion(
        id: Int, model: String, content: String?, toolCalls: [(name: String, arguments: String)], usage: TokenUsage
    ) -> String {
        var message: [String: Any] = ["role": "assistant", "content": content ?? NSNull()]
        if !toolCalls.isEmpty {
            message["tool_calls"] = toolCalls.enumerated().map { index, call in
                [
                    "id": "call_\(id)_\(index)", "type": "function",
                    "function": ["name": call.name, "arguments": call.arguments],
                ]
            }
        }
        let json: [String: Any] = [
            "id": "chatcmpl-\(id)",
            "object": "chat.completion",
            "created": Int(Date().timeIntervalSince1970),
            "model": model,
            "choices": [["index": 0, "message": message, "finish_reason": toolCalls.isEmpty ? "stop" : "tool_calls"]],
            "usage": [
                "prompt_tokens": usage.promptTokens, "completion_tokens": usage.completionTokens,
                "total_tokens": usage.promptTokens + usage.completionTokens,
            ],
        ]
        return serialize(json)
    }

    /// An OpenAI error answer: `{"error": {"message": …, "type": …, "param": null, "code": null}}`.
    static func error(_ status: Int, message: String? = nil) -> Reply {
        let (type, defaultMessage) = switch status {
        case 400: ("invalid_request_error", "Invalid request.")
        case 401: ("invalid_request_error", "Incorrect API key provided.")
        case 404: ("invalid_request_error", "The model does not exist or you do not have access to it.")
        case 429: ("rate_limit_error", "Rate limit reached for requests. Please try again later.")
        case 503: ("server_error", "The engine is currently overloaded, please try again later.")
        case 500..<600: ("server_error", "The server had an error while processing your request.")
        default: ("invalid_request_error", "Request failed.")
        }
        let detail: [String: Any] = [
            "message": message ?? defaultMessage, "type": type, "param": NSNull(), "code": NSNull(),
        ]
        return Reply(status: status, body: serialize(["error": detail]))
    }

    private static func serialize(_ json: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

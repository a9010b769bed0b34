extension OpenAIChatClient {
    /// The part of a chat-completions answer we use.
    struct WireResponse: Decodable, Sendable {
        var model: String?
        var choices: [WireChoice]?
        var usage: WireUsage?
    }

    struct WireChoice: Decodable, Sendable {
        var message: WireAnswerMessage?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    /// The answered message: `content` is `null` when the model only calls tools.
    struct WireAnswerMessage: Decodable, Sendable {
        var role: String?
        var content: String?
        var toolCalls: [WireToolCall]?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
        }
    }

    struct WireUsage: Decodable, Sendable {
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    /// OpenAI's error body: `{"error": {"message": …, "type": …}}`. Decoded leniently:
    /// providers that send `{"error": "…"}` still yield their message.
    struct WireErrorBody: Decodable, Sendable {
        var message: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let detail = try? container.decodeIfPresent(Detail.self, forKey: .error) {
                message = detail.message
            } else {
                message = try? container.decodeIfPresent(String.self, forKey: .error)
            }
        }

        enum CodingKeys: String, CodingKey {
            case error
        }

        struct Detail: Decodable, Sendable {
            var message: String?
        }
    }
}

import FalachefeCore

extension OpenAIChatClient {
    /// Body of `POST /chat/completions`. `nil` fields are left out of the JSON.
    struct WireRequest: Encodable, Sendable {
        var model: String
        var messages: [WireMessage]
        var tools: [WireTool]?
        var responseFormat: ResponseFormat?
        var temperature: Double?
        var maxTokens: Int?

        enum CodingKeys: String, CodingKey {
            case model, messages, tools, temperature
            case responseFormat = "response_format"
            case maxTokens = "max_tokens"
        }
    }

    /// `{"type": "json_object"}`.
    struct ResponseFormat: Codable, Sendable {
        var type: String
    }

    /// One chat message. An assistant message that only calls tools sends `"content": null`;
    /// other roles send an empty string for a missing content.
    struct WireMessage: Encodable, Sendable {
        var role: String
        var content: String?
        var toolCalls: [WireToolCall]?
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            if let content {
                try container.encode(content, forKey: .content)
            } else if role == ChatMessage.Role.assistant.rawValue {
                try container.encodeNil(forKey: .content)
            } else {
                try container.encode("", forKey: .content)
            }
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        }
    }

    /// `{"id": …, "type": "function", "function": {"name": …, "arguments": …}}`, in both
    /// directions.
    struct WireToolCall: Codable, Sendable {
        var id: String
        var type: String?
        var function: WireFunctionCall
    }

    struct WireFunctionCall: Codable, Sendable {
        var name: String
        var arguments: String?
    }

    /// `{"type": "function", "function": {"name": …, "description": …, "parameters": {…}}}`.
    struct WireTool: Encodable, Sendable {
        var type = "function"
        var function: WireFunction
    }

    struct WireFunction: Encodable, Sendable {
        var name: String
        var description: String
        var parameters: JSONValue
    }
}

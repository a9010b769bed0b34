import FalachefeCore
import Foundation

extension FakeChatCompletionsServer {
    /// Why a request body was answered `400`.
    struct InvalidRequest: Error {
        var message: String
    }

    /// Parses and checks a request body the way the real API would, strictly enough to
    /// catch a client that sends the wrong shape.
    static func decode(body: String, authorization: String?) -> Result<RecordedRequest, InvalidRequest> {
        do {
            guard let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw InvalidRequest(message: "We could not parse the JSON body of your request.")
            }
            guard let model = json["model"] as? String, !model.isEmpty else {
                throw InvalidRequest(message: "you must provide a model parameter")
            }
            let format = (json["response_format"] as? [String: Any])?["type"] as? String
            return .success(RecordedRequest(
                model: model,
                messages: try messages(json["messages"]),
                tools: try tools(json["tools"]),
                jsonResponse: format == "json_object",
                temperature: (json["temperature"] as? NSNumber)?.doubleValue,
                maxTokens: (json["max_tokens"] as? NSNumber)?.intValue,
                authorization: authorization,
                body: body
            ))
        } catch let error as InvalidRequest {
            return .failure(error)
        } catch {
            return .failure(InvalidRequest(message: "\(error)"))
        }
    }

    /// `messages`: a non-empty array of `{role, content, tool_calls?, tool_call_id?}`.
    private static func messages(_ value: Any?) throws -> [ChatMessage] {
        guard let raw = value as? [[String: Any]], !raw.isEmpty else {
            throw InvalidRequest(message: "'messages' must be a non-empty array")
        }
        return try raw.map { message in
            guard let role = (message["role"] as? String).flatMap(ChatMessage.Role.init(rawValue:)) else {
                throw InvalidRequest(message: "invalid role in 'messages'")
            }
            let toolCallID = message["tool_call_id"] as? String
            if role == .tool, toolCallID == nil {
                throw InvalidRequest(message: "messages with role 'tool' need 'tool_call_id'")
            }
            let calls = try (message["tool_calls"] as? [[String: Any]] ?? []).map(toolCall)
            let content = message["content"] as? String
            return ChatMessage(role: role, content: content, toolCalls: calls, toolCallID: toolCallID)
        }
    }

    /// A `tool_calls` element: `{"id", "type": "function", "function": {"name", "arguments"}}`.
    private static func toolCall(_ raw: [String: Any]) throws -> ToolCall {
        guard let id = raw["id"] as? String, raw["type"] as? String == "function",
              let function = raw["function"] as? [String: Any], let name = function["name"] as? String
        else { throw InvalidRequest(message: "tool_calls must be function calls with an id") }
        return ToolCall(id: id, name: name, arguments: function["arguments"] as? String ?? "")
    }

    /// `tools`: `{"type": "function", "function": {"name", "description", "parameters": {…}}}`.
    private static func tools(_ value: Any?) throws -> [ToolDefinition] {
        try (value as? [[String: Any]] ?? []).map { tool in
            guard tool["type"] as? String == "function", let function = tool["function"] as? [String: Any],
                  let name = function["name"] as? String
            else { throw InvalidRequest(message: "tools must be {\"type\": \"function\", \"function\": {…}}") }
            var schema = ""
            if let parameters = function["parameters"] {
                guard parameters is [String: Any],
                      let data = try? JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys])
                else { throw InvalidRequest(message: "function parameters must be a JSON object") }
                schema = String(decoding: data, as: UTF8.self)
            }
            let description = function["description"] as? String ?? ""
            return ToolDefinition(name: name, description: description, parametersSchema: schema)
        }
    }
}

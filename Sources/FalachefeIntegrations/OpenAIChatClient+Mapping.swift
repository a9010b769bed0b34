import FalachefeCore
import Foundation

extension OpenAIChatClient {
    /// The JSON body asking `model` for `request`. A tool whose schema is not a JSON object
    /// is rejected here, before anything is sent.
    static func encodeBody(_ request: ChatCompletionRequest, model: String) throws(ChatCompletionError) -> Data {
        var tools: [WireTool] = []
        for tool in request.tools {
            tools.append(WireTool(function: WireFunction(
                name: tool.name, description: tool.description, parameters: try parameters(of: tool)
            )))
        }
        let body = WireRequest(
            model: model,
            messages: request.messages.map(wireMessage),
            tools: tools.isEmpty ? nil : tools,
            responseFormat: request.jsonResponse ? ResponseFormat(type: "json_object") : nil,
            temperature: request.temperature,
            maxTokens: request.maxTokens
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(body)
        } catch {
            throw .rejected(status: 0, message: "could not encode the request")
        }
    }

    /// The tool's `parametersSchema` parsed into a JSON object; an empty schema is `{}`.
    static func parameters(of tool: ToolDefinition) throws(ChatCompletionError) -> JSONValue {
        let text = tool.parametersSchema.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .object([:]) }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)),
              case .object = value
        else {
            throw .rejected(status: 0, message: "parameters schema of tool \(tool.name) is not a JSON object")
        }
        return value
    }

    static func wireMessage(_ message: ChatMessage) -> WireMessage {
        let calls = message.toolCalls.map { call in
            WireToolCall(
                id: call.id, type: "function", function: WireFunctionCall(name: call.name, arguments: call.arguments)
            )
        }
        return WireMessage(
            role: message.role.rawValue,
            content: message.content,
            toolCalls: calls.isEmpty ? nil : calls,
            toolCallID: message.toolCallID
        )
    }

    /// The completion in a `2xx` body, or why it is not one.
    static func decodeCompletion(_ body: Data, requestedModel: String) -> Result<ChatCompletion, ChatCompletionError> {
        let response: WireResponse
        do {
            response = try JSONDecoder().decode(WireResponse.self, from: body)
        } catch {
            return .failure(.malformedResponse("body is not a chat completion JSON object"))
        }
        guard let choice = response.choices?.first else {
            return .failure(.malformedResponse("no choices"))
        }
        guard let answer = choice.message else {
            return .failure(.malformedResponse("first choice has no message"))
        }
        let message = ChatMessage(
            role: answer.role.flatMap(ChatMessage.Role.init(rawValue:)) ?? .assistant,
            content: answer.content,
            toolCalls: (answer.toolCalls ?? []).map {
                ToolCall(id: $0.id, name: $0.function.name, arguments: $0.function.arguments ?? "{}")
            }
        )
        let usage = TokenUsage(
            promptTokens: response.usage?.promptTokens ?? 0,
            completionTokens: response.usage?.completionTokens ?? 0
        )
        let model = response.model.flatMap { $0.isEmpty ? nil : $0 } ?? requestedModel
        return .success(ChatCompletion(message: message, model: model, usage: usage, finishReason: choice.finishReason))
    }
}

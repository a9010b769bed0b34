import Foundation

/// An OpenAI-compatible chat-completions endpoint (`POST {base}/chat/completions`). The
/// adapter in FalachefeIntegrations retries 429/5xx honouring `Retry-After`, falls back to
/// a second model, and stops as soon as the calling task is cancelled.
public protocol ChatCompletionClient: Sendable {
    func complete(_ request: ChatCompletionRequest) async throws -> ChatCompletion
}

/// One request to the chat-completions API.
public struct ChatCompletionRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    /// Functions the model may call; empty for none.
    public var tools: [ToolDefinition]
    /// Ask for a JSON object answer (`response_format: {"type": "json_object"}`).
    public var jsonResponse: Bool
    public var temperature: Double?
    public var maxTokens: Int?

    public init(
        model: String, messages: [ChatMessage], tools: [ToolDefinition] = [], jsonResponse: Bool = false,
        temperature: Double? = nil, maxTokens: Int? = nil
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.jsonResponse = jsonResponse
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// One message of a chat. `toolCalls` on assistant messages; `toolCallID` on tool results.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable {
        case system
        case user
        case assistant
        case tool
    }

    public var role: Role
    public var content: String?
    public var toolCalls: [ToolCall]
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}

/// A function call the model asked for. `arguments` is the JSON text the model wrote.
public struct ToolCall: Sendable, Hashable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A function offered to the model: name, description and JSON Schema of its parameters.
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String
    /// JSON Schema text of the `parameters` object.
    public var parametersSchema: String

    public init(name: String, description: String, parametersSchema: String) {
        self.name = name
        self.description = description
        self.parametersSchema = parametersSchema
    }
}

/// The model's answer.
public struct ChatCompletion: Sendable, Hashable {
    public var message: ChatMessage
    /// The model that answered (the fallback's name when the fallback answered).
    public var model: String
    public var usage: TokenUsage
    public var finishReason: String?

    public init(message: ChatMessage, model: String, usage: TokenUsage, finishReason: String? = nil) {
        self.message = message
        self.model = model
        self.usage = usage
        self.finishReason = finishReason
    }
}

/// Why a chat completion failed, after retries.
public enum ChatCompletionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 429 and retries exhausted.
    case rateLimited(retryAfterSeconds: Double?)
    /// 5xx and retries exhausted.
    case server(status: Int)
    /// 4xx other than 429: the request is wrong, retrying cannot help.
    case rejected(status: Int, message: String)
    /// The answer was not a chat completion.
    case malformedResponse(String)
    /// Connection refused, reset, timed out.
    case transport(String)
    /// The calling task was cancelled (deadline reached).
    case cancelled

    public var description: String {
        switch self {
        case .rateLimited(let after): "chat completions rate limited" + (after.map { " (retry after \($0) s)" } ?? "")
        case .server(let status): "chat completions server error \(status)"
        case .rejected(let status, let message): "chat completions rejected the request (\(status)): \(message)"
        case .malformedResponse(let why): "malformed chat completion: \(why)"
        case .transport(let why): "chat completions unreachable: \(why)"
        case .cancelled: "chat completion cancelled"
        }
    }
}

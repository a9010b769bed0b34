import FalachefeCore

extension FakeChatCompletionsServer {
    /// What the server answers to one request.
    public enum ScriptedAnswer: Sendable {
        /// A plain assistant message, `finish_reason: "stop"`.
        case text(String, usage: TokenUsage? = nil)
        /// An assistant message calling these functions (`arguments` is JSON text),
        /// `content: null`, `finish_reason: "tool_calls"`.
        case toolCalls([(name: String, arguments: String)], usage: TokenUsage? = nil)
        /// An assistant message whose content is this JSON object text, for structured output.
        case json(String, usage: TokenUsage? = nil)
        /// An error answer with an OpenAI error body and, when given, `Retry-After`.
        case status(Int, retryAfter: Int? = nil)
        /// A `200` whose body is not valid JSON.
        case malformed
        /// Waits this long before the next answer in the script (or the responder's).
        case delay(Duration)
    }

    /// A request as the server understood it.
    public struct RecordedRequest: Sendable, Hashable {
        public var model: String
        /// Roles, contents, `tool_calls` and `tool_call_id`s as sent.
        public var messages: [ChatMessage]
        /// Offered functions; `parametersSchema` is the `parameters` object re-encoded with
        /// sorted keys (`""` when absent).
        public var tools: [ToolDefinition]
        /// Whether `response_format` was `{"type": "json_object"}`.
        public var jsonResponse: Bool
        public var temperature: Double?
        public var maxTokens: Int?
        /// The `Authorization` header, if any.
        public var authorization: String?
        /// The request body as received.
        public var body: String

        /// The names of the offered functions, in order.
        public var toolNames: [String] { tools.map(\.name) }

        /// The content of the last `user` message, if any.
        public var lastUserMessage: String? { messages.last { $0.role == .user }?.content }
    }
}

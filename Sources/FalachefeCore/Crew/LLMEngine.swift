import Foundation

/// The OpenAI-compatible engine, as set up for the server (`OPENAI_*`, `CREWAI_*`).
public struct LLMSetup: Sendable {
    public var client: any ChatCompletionClient
    /// `OPENAI_MODEL`: used when the company did not choose one.
    public var defaultModel: String
    public var pricing: LLMPricing
    /// Most chat calls of one agent's tool loop (default 5).
    public var maxIterations: Int
    /// `CREWAI_TASK_TIMEOUT_SECONDS` (default 30).
    public var taskTimeout: Duration

    public init(
        client: any ChatCompletionClient, defaultModel: String, pricing: LLMPricing = .standard, maxIterations: Int = 5,
        taskTimeout: Duration = .seconds(30)
    ) {
        self.client = client
        self.defaultModel = defaultModel
        self.pricing = pricing
        self.maxIterations = maxIterations
        self.taskTimeout = taskTimeout
    }

    /// The engine for one message of a company, with its model and a fresh deadline.
    public func engine(model: String?) -> LLMEngine {
        LLMEngine(
            client: client, model: model ?? defaultModel, pricing: pricing, maxIterations: max(maxIterations, 1),
            deadline: .now + taskTimeout)
    }
}

/// The LLM engine for one message: routes with one structured-output call and lets the
/// chosen agent answer open questions in a bounded tool loop. Every call stops at the
/// task's deadline.
public struct LLMEngine: Sendable {
    public var client: any ChatCompletionClient
    public var model: String
    public var pricing: LLMPricing
    public var maxIterations: Int
    public var deadline: ContinuousClock.Instant

    /// One chat call within the deadline, with its cost. Past the deadline the call is
    /// cancelled (down to its HTTP request) and `CrewDeadlineExceeded` is thrown.
    func call(_ request: ChatCompletionRequest) async throws -> (ChatCompletion, cost: Double) {
        let client = self.client
        let completion = try await withDeadline(deadline, orThrow: { CrewDeadlineExceeded() }) {
            try await client.complete(request)
        }
        return (completion, pricing.cost(model: completion.model, usage: completion.usage))
    }
}

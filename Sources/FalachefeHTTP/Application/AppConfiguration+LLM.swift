import FalachefeCore
import Foundation

/// The OpenAI-compatible endpoint (`OPENAI_*`) and the crew's limits (`CREWAI_*`). The
/// LLM is on when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set; the key is a secret and
/// never appears in logs or errors.
public struct LLMConfiguration: Sendable {
    public var baseURL: String
    public var apiKey: String?
    public var model: String
    public var fallbackModel: String?
    public var pricing: LLMPricing
    public var maxIterations: Int
    public var taskTimeout: Duration

    public init(
        baseURL: String, apiKey: String? = nil, model: String = "gpt-4o-mini", fallbackModel: String? = nil,
        pricing: LLMPricing = .standard, maxIterations: Int = 5, taskTimeout: Duration = .seconds(30)
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.fallbackModel = fallbackModel
        self.pricing = pricing
        self.maxIterations = maxIterations
        self.taskTimeout = taskTimeout
    }

    /// Models a company may choose in its config: the priced ones and the server's own.
    public var selectableModels: Set<String> {
        Set(pricing.prices.keys).union([model]).union(fallbackModel.map { [$0] } ?? [])
    }

    static func read(_ reader: EnvironmentReader) throws(ConfigurationError) -> LLMConfiguration? {
        let apiKey = reader.string("OPENAI_API_KEY")
        let rawURL = reader.string("OPENAI_BASE_URL")
        guard apiKey != nil || rawURL != nil else { return nil }
        var baseURL = "https://api.openai.com/v1"
        if let rawURL {
            guard let valid = AdminRequests.validBaseURL(rawURL) else {
                throw ConfigurationError(variable: "OPENAI_BASE_URL", problem: "must be an http(s) URL")
            }
            baseURL = valid
        }
        var configuration = LLMConfiguration(baseURL: baseURL, apiKey: apiKey)
        configuration.model = try modelName(reader, "OPENAI_MODEL") ?? configuration.model
        configuration.fallbackModel = try modelName(reader, "OPENAI_FALLBACK_MODEL")
        if let prices = reader.string("CREWAI_LLM_PRICES") {
            guard let pricing = LLMPricing.parse(prices) else {
                throw ConfigurationError(variable: "CREWAI_LLM_PRICES", problem: "must look like model=input:output,… (USD per 1M tokens)")
            }
            configuration.pricing = pricing
        }
        configuration.maxIterations = try reader.int("CREWAI_MAX_TOOL_ITERATIONS", in: 1...20) ?? configuration.maxIterations
        if let seconds = try reader.int("CREWAI_TASK_TIMEOUT_SECONDS", in: 1...600) { configuration.taskTimeout = .seconds(seconds) }
        return configuration
    }

    /// A model name: letters, digits and `-._:/`, at most 100 characters (a metric label value).
    static func modelName(_ reader: EnvironmentReader, _ variable: String) throws(ConfigurationError) -> String? {
        guard let name = reader.string(variable) else { return nil }
        guard isValidModelName(name) else {
            throw ConfigurationError(variable: variable, problem: "must be a model name (letters, digits, - . _ : /)")
        }
        return name
    }

    static func isValidModelName(_ name: String) -> Bool {
        (1...100).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._:/".contains($0)) }
    }
}

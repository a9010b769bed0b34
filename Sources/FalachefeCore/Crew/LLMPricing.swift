import Foundation

/// USD prices per million tokens, per model. Configurable (`CREWAI_LLM_PRICES`,
/// "model=input:output,…"); unknown models cost the `fallback` price so that a budget is
/// never silently ignored.
public struct LLMPricing: Sendable, Hashable {
    public struct Price: Sendable, Hashable {
        public var inputPerMillion: Double
        public var outputPerMillion: Double

        public init(inputPerMillion: Double, outputPerMillion: Double) {
            self.inputPerMillion = inputPerMillion
            self.outputPerMillion = outputPerMillion
        }
    }

    public var prices: [String: Price]
    public var fallback: Price

    public init(prices: [String: Price], fallback: Price) {
        self.prices = prices
        self.fallback = fallback
    }

    /// Public list prices of common OpenAI models (USD per 1M tokens).
    public static let standard = LLMPricing(
        prices: [
            "gpt-4o-mini": Price(inputPerMillion: 0.15, outputPerMillion: 0.60),
            "gpt-4o": Price(inputPerMillion: 2.50, outputPerMillion: 10.00),
            "gpt-4.1-mini": Price(inputPerMillion: 0.40, outputPerMillion: 1.60),
            "gpt-4.1": Price(inputPerMillion: 2.00, outputPerMillion: 8.00),
            "gpt-3.5-turbo": Price(inputPerMillion: 0.50, outputPerMillion: 1.50),
        ],
        fallback: Price(inputPerMillion: 2.50, outputPerMillion: 10.00))

    public func cost(model: String, usage: TokenUsage) -> Double {
        let price = prices[model] ?? fallback
        return (Double(usage.promptTokens) * price.inputPerMillion + Double(usage.completionTokens) * price.outputPerMillion) / 1_000_000
    }

    /// Parses "model=input:output,model2=input:output" over `base`. Nil when malformed.
    public static func parse(_ text: String, over base: LLMPricing = .standard) -> LLMPricing? {
        var pricing = base
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty else { return nil }
            let numbers = pair[1].split(separator: ":").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 2, numbers.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
            pricing.prices[pair[0]] = Price(inputPerMillion: numbers[0], outputPerMillion: numbers[1])
        }
        return pricing
    }
}

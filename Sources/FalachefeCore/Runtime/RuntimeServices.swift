import Logging

/// The outside world of the runtime, bundled so that actors take one generic parameter:
/// the store, the WhatsApp gateway, the built-in model, the LLM engine and the clock.
public protocol RuntimeServices: Sendable {
    associatedtype StoreType: Store
    associatedtype Gateway: MessageGateway
    associatedtype Model: LanguageModel
    associatedtype ClockType: RuntimeClock

    var store: StoreType { get }
    var gateway: Gateway { get }
    var model: Model { get }
    var clock: ClockType { get }
    /// The OpenAI-compatible engine; nil runs every crew on the built-in model.
    var llm: LLMSetup? { get }
    var metrics: RuntimeMetrics { get }
    /// What several nodes share besides the store (Redis); nil on a single node.
    var coordinator: (any Coordinator)? { get }
    var configuration: RuntimeConfiguration { get }
    var logger: Logger { get }
}

/// A plain bundle of services.
public struct Services<S: Store, G: MessageGateway, M: LanguageModel, C: RuntimeClock>: RuntimeServices {
    public var store: S
    public var gateway: G
    public var model: M
    public var clock: C
    public var llm: LLMSetup?
    public var metrics: RuntimeMetrics
    public var coordinator: (any Coordinator)?
    public var configuration: RuntimeConfiguration
    public var logger: Logger

    public init(
        store: S, gateway: G, model: M, clock: C, llm: LLMSetup? = nil, metrics: RuntimeMetrics,
        coordinator: (any Coordinator)? = nil, configuration: RuntimeConfiguration, logger: Logger
    ) {
        self.llm = llm
        self.coordinator = coordinator
        self.store = store
        self.gateway = gateway
        self.model = model
        self.clock = clock
        self.metrics = metrics
        self.configuration = configuration
        self.logger = logger
    }
}

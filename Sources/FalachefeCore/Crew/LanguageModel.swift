import Foundation

/// The rule-based understanding of a message: the built-in engine's router. The LLM
/// engine routes with one structured-output call instead (`LLMRouter`) and falls back here.
public protocol LanguageModel: Sendable {
    /// Classifies `text` and extracts its entities. `today` is the company's current day,
    /// for resolving "hoje", "ontem" and dates without a year.
    func analyze(_ text: String, today: LedgerDay) async throws -> MessageAnalysis
}

/// What the router needs to know about a message.
public struct MessageAnalysis: Sendable, Hashable {
    public var intent: Intent
    public var action: Action
    public var complexity: Complexity
    public var entities: Entities
    public var requiresHumanApproval: Bool

    public init(
        intent: Intent, action: Action, complexity: Complexity = .simple,
        entities: Entities = Entities(), requiresHumanApproval: Bool = false
    ) {
        self.intent = intent
        self.action = action
        self.complexity = complexity
        self.entities = entities
        self.requiresHumanApproval = requiresHumanApproval
    }

    /// Which agent a message belongs to.
    public enum Intent: String, Sendable, Hashable, CaseIterable {
        case financial
        case marketing
        case hr
        case support
        case greeting
        case human
    }

    /// The sub-intent: what to do.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case addExpense = "add_expense"
        case addIncome = "add_income"
        case cashFlowReport = "cash_flow_report"
        case categoryBreakdown = "category_breakdown"
        case listTransactions = "list_transactions"
        case budgetPlan = "budget_plan"
        case financialQuestion = "financial_question"
        case marketingAdvice = "marketing_advice"
        case hrAdvice = "hr_advice"
        case help
        case greet
        case escalate
        /// The user tells who they are or what the company is ("meu nome é João").
        case updateProfile = "update_profile"
        /// The user states a fact or preference to remember.
        case remember
    }

    public enum Complexity: String, Sendable, Hashable {
        case simple
        case medium
        case complex
    }

    /// Values extracted from the text. Amounts are integer cents.
    public struct Entities: Sendable, Hashable {
        public var amountCents: Int64?
        public var day: LedgerDay?
        public var category: String?
        public var period: Period?
        public var description: String?
        /// People named in the message ("a Maria", "o João").
        public var people: [String]

        public init(
            amountCents: Int64? = nil, day: LedgerDay? = nil, category: String? = nil,
            period: Period? = nil, description: String? = nil, people: [String] = []
        ) {
            self.people = people
            self.amountCents = amountCents
            self.day = day
            self.category = category
            self.period = period
            self.description = description
        }
    }
}

/// A closed range of days for reports.
public struct Period: Sendable, Hashable {
    public var from: LedgerDay
    public var to: LedgerDay
    /// How to say it in a reply ("este mês", "hoje", "01/03 a 31/03").
    public var label: String

    public init(from: LedgerDay, to: LedgerDay, label: String) {
        self.from = from
        self.to = to
        self.label = label
    }
}

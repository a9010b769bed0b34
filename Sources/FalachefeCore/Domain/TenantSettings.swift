import Foundation

/// Per-company settings stored with the tenant (`companies.settings`, JSON) and edited
/// through `GET/PUT /admin/tenants/{tenant}/config`. Missing keys take their defaults, so
/// settings written by an older version still decode.
public struct TenantSettings: Sendable, Hashable, Codable {
    /// Whether group messages are processed (default: ignored).
    public var groupsEnabled: Bool
    public var llm: LLMSettings
    public var finance: FinanceSettings
    /// The company's sector ("padaria", "salão de beleza"), used by the marketing agent.
    public var sector: String?

    public init(
        groupsEnabled: Bool = false, llm: LLMSettings = LLMSettings(), finance: FinanceSettings = FinanceSettings(),
        sector: String? = nil
    ) {
        self.groupsEnabled = groupsEnabled
        self.llm = llm
        self.finance = finance
        self.sector = sector
    }

    /// The company's language-model settings.
    public struct LLMSettings: Sendable, Hashable, Codable {
        /// The model to ask; nil uses the server's `OPENAI_MODEL`.
        public var model: String?
        /// Spending cap per calendar month in USD; nil means no cap. When spent, the
        /// company is answered by the built-in model until the month ends.
        public var monthlyBudgetUsd: Double?

        public init(model: String? = nil, monthlyBudgetUsd: Double? = nil) {
            self.model = model
            self.monthlyBudgetUsd = monthlyBudgetUsd
        }
    }

    /// How the financial agent books.
    public struct FinanceSettings: Sendable, Hashable, Codable {
        /// Ask "confirma?" before booking, and book only after "sim".
        public var confirmBookings: Bool
        /// Expenses above this amount (cents) need a person's approval; nil: never.
        public var humanApprovalAboveCents: Int64?

        public init(confirmBookings: Bool = false, humanApprovalAboveCents: Int64? = nil) {
            self.confirmBookings = confirmBookings
            self.humanApprovalAboveCents = humanApprovalAboveCents
        }

        private enum CodingKeys: String, CodingKey { case confirmBookings, humanApprovalAboveCents }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            confirmBookings = try container.decodeIfPresent(Bool.self, forKey: .confirmBookings) ?? false
            humanApprovalAboveCents = try container.decodeIfPresent(Int64.self, forKey: .humanApprovalAboveCents)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case groups, llm, finance, sector
        /// The key written before the config API existed.
        case legacyGroups = "groupsEnabled"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groupsEnabled = try container.decodeIfPresent(Bool.self, forKey: .groups)
            ?? container.decodeIfPresent(Bool.self, forKey: .legacyGroups) ?? false
        llm = try container.decodeIfPresent(LLMSettings.self, forKey: .llm) ?? LLMSettings()
        finance = try container.decodeIfPresent(FinanceSettings.self, forKey: .finance) ?? FinanceSettings()
        sector = try container.decodeIfPresent(String.self, forKey: .sector)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(groupsEnabled, forKey: .groups)
        try container.encode(llm, forKey: .llm)
        try container.encode(finance, forKey: .finance)
        try container.encodeIfPresent(sector, forKey: .sector)
    }
}

import Foundation

/// The tools agents can call, by name, with the JSON Schema the LLM path offers. The
/// built-in engine calls the same operations directly (`FinancialDesk`, `CrewToolbox`).
public enum CrewTools {
    public static let addExpense = "add_expense"
    public static let addIncome = "add_income"
    public static let cashFlowReport = "cash_flow_report"
    public static let categoryBreakdown = "category_breakdown"
    public static let budgetPlan = "budget_plan"
    public static let listTransactions = "list_transactions"
    public static let updateProfile = "update_profile"
    public static let rememberFact = "remember_fact"
    public static let requestHuman = "request_human"

    /// The financial agent's tools.
    public static let financial = [addExpense, addIncome, cashFlowReport, categoryBreakdown, budgetPlan, listTransactions]

    /// Every tool name, for validating `crew_agents.tools`.
    public static let all: Set<String> = Set(financial + [updateProfile, rememberFact, requestHuman])

    private static let period = #""period": {"type": "string", "description": "hoje, ontem, esta semana, semana passada, este mês, mês passado, um mês por nome, ou yyyy-mm-dd..yyyy-mm-dd"}"#
    private static let booking = #"{"type": "object", "properties": {"amount": {"type": "number", "description": "valor em reais, ex. 1234.56"}, "category": {"type": "string"}, "date": {"type": "string", "description": "yyyy-mm-dd; omita para hoje"}, "description": {"type": "string"}}, "required": ["amount"]}"#

    /// Definitions of `names` (unknown names are skipped), in the given order.
    public static func definitions(_ names: [String]) -> [ToolDefinition] {
        names.compactMap(definition)
    }

    static func definition(_ name: String) -> ToolDefinition? {
        switch name {
        case addExpense:
            ToolDefinition(name: name, description: "Registra uma despesa (saída de dinheiro) no caixa da empresa.", parametersSchema: booking)
        case addIncome:
            ToolDefinition(name: name, description: "Registra uma receita (venda, recebimento) no caixa da empresa.", parametersSchema: booking)
        case cashFlowReport:
            ToolDefinition(
                name: name, description: "Entradas, saídas e saldo de um período.",
                parametersSchema: #"{"type": "object", "properties": {"# + period + "}}")
        case categoryBreakdown:
            ToolDefinition(
                name: name, description: "Totais por categoria de um período, do maior para o menor.",
                parametersSchema: #"{"type": "object", "properties": {"# + period
                    + #", "type": {"type": "string", "enum": ["expense", "income"]}}}"#)
        case budgetPlan:
            ToolDefinition(
                name: name, description: "Define limites mensais de gasto por categoria, ou mostra o orçamento atual quando limits é vazio.",
                parametersSchema: #"{"type": "object", "properties": {"month": {"type": "string", "description": "yyyy-mm; omita para o mês atual"}, "limits": {"type": "object", "additionalProperties": {"type": "number"}, "description": "categoria → limite em reais"}}}"#)
        case listTransactions:
            ToolDefinition(
                name: name, description: "Lista os lançamentos de um período, opcionalmente de uma categoria.",
                parametersSchema: #"{"type": "object", "properties": {"# + period + #", "category": {"type": "string"}}}"#)
        case updateProfile:
            ToolDefinition(
                name: name, description: "Atualiza o nome ou e-mail do usuário; nome e setor da empresa só para administradores.",
                parametersSchema: #"{"type": "object", "properties": {"name": {"type": "string"}, "email": {"type": "string"}, "companyName": {"type": "string"}, "sector": {"type": "string"}}}"#)
        case rememberFact:
            ToolDefinition(
                name: name, description: "Guarda um fato ou preferência que o usuário contou, para lembrar depois.",
                parametersSchema: #"{"type": "object", "properties": {"content": {"type": "string"}, "type": {"type": "string", "enum": ["fact", "preference", "context", "learning", "pattern"]}, "importance": {"type": "integer", "minimum": 1, "maximum": 10}}, "required": ["content"]}"#)
        case requestHuman:
            ToolDefinition(
                name: name, description: "Encaminha a conversa para uma pessoa da equipe (aprovação humana).",
                parametersSchema: #"{"type": "object", "properties": {"reason": {"type": "string"}}, "required": ["reason"]}"#)
        default:
            nil
        }
    }
}

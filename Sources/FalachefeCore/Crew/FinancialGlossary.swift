import Foundation

/// Short explanations of financial concepts for small business owners, answered without
/// touching the ledger.
enum FinancialGlossary {
    private struct Topic {
        let phrases: [String]
        let text: String
    }

    private static let topics: [Topic] = [
        Topic(
            phrases: ["fluxo de caixa", "fluxo", "cash flow"],
            text: "Fluxo de caixa é o registro de todo dinheiro que entra (vendas, recebimentos) e sai (contas, "
                + "fornecedores, salários) da empresa num período. O saldo mostra se sobrou ou faltou dinheiro. "
                + "Acompanhar toda semana ajuda a prever apertos e planejar compras."),
        Topic(
            phrases: ["capital de giro", "giro"],
            text: "Capital de giro é o dinheiro que a empresa precisa ter em caixa para funcionar enquanto não recebe "
                + "das vendas: estoque, contas e salários do mês. Uma regra prática é ter pelo menos 1 a 2 meses de "
                + "despesas fixas guardados."),
        Topic(
            phrases: ["margem", "lucro", "lucro liquido"],
            text: "Lucro é o que sobra das vendas depois de pagar todos os custos e despesas. Margem é esse lucro "
                + "em porcentagem das vendas: vendeu R$ 10.000 e sobraram R$ 1.500, a margem é 15%."),
        Topic(
            phrases: ["pro labore", "labore"],
            text: "Pró-labore é a remuneração do dono pelo trabalho na empresa. Defina um valor fixo por mês e não "
                + "misture com o caixa da empresa: assim fica claro se o negócio dá lucro de verdade."),
        Topic(
            phrases: ["ponto de equilibrio", "equilibrio"],
            text: "Ponto de equilíbrio é quanto você precisa vender para cobrir todos os custos, sem lucro nem "
                + "prejuízo. Conta rápida: despesas fixas do mês ÷ margem de contribuição (em %)."),
        Topic(
            phrases: ["reserva", "reserva de emergencia"],
            text: "Reserva de emergência é um dinheiro guardado para imprevistos (mês fraco, equipamento quebrado). "
                + "Para empresas pequenas, o ideal é juntar de 3 a 6 meses de despesas fixas."),
        Topic(
            phrases: ["orcamento", "budget"],
            text: "Orçamento é o plano de quanto você pretende gastar em cada categoria no mês. Compare com os "
                + "gastos reais: se uma categoria estourar, você percebe cedo e ajusta."),
        Topic(
            phrases: ["precificar", "precificacao", "preco"],
            text: "Para precificar, some o custo do produto, a parte das despesas fixas que cabe a ele, os impostos "
                + "e a margem de lucro desejada. Depois compare com os preços da concorrência."),
    ]

    private static let general = "Dica rápida: separe as contas da empresa das pessoais, anote toda entrada e "
        + "saída no dia em que acontece e olhe o saldo toda semana. Eu anoto tudo para você: mande "
        + "\"gastei 50 reais no almoço\" ou \"recebi 500 de venda\"."

    /// The explanation that best matches `question`, with a pointer to the ledger tools.
    static func explain(_ question: String) -> String {
        let text = CrewText(question)
        let topic = topics.first { $0.phrases.contains(where: text.has(phrase:)) }
        guard let topic else { return general }
        return topic.text + "\nQuer ver os seus números? Mande \"fluxo de caixa do mês\"."
    }
}

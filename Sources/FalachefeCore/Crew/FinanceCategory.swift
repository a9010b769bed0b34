import Foundation

/// The ledger categories the crew books into, named as they appear in replies.
public enum FinanceCategory: String, Sendable, Hashable, CaseIterable {
    case alimentacao = "Alimentação"
    case transporte = "Transporte"
    case aluguel = "Aluguel"
    case fornecedores = "Fornecedores"
    case salarios = "Salários"
    case impostos = "Impostos"
    case marketing = "Marketing"
    case contas = "Contas"
    case equipamentos = "Equipamentos"
    case vendas = "Vendas"
    case servicos = "Serviços"
    case outros = "Outros"

    /// Whether money in this category usually comes in or goes out. `Outros` is neutral
    /// and reported as an expense.
    public var kind: LedgerEntry.Kind {
        switch self {
        case .vendas, .servicos: .income
        default: .expense
        }
    }

    /// Folded keywords (single words or phrases) that point to this category. Words also
    /// match with a plural "s"/"es".
    var keywords: [String] {
        switch self {
        case .alimentacao:
            ["alimentacao", "almoco", "jantar", "janta", "comida", "restaurante", "lanche", "lanchonete", "mercado",
             "supermercado", "padaria", "cafe", "ifood", "pizza", "refeicao", "refeicoes", "acougue", "feira", "marmita"]
        case .transporte:
            ["transporte", "uber", "gasolina", "combustivel", "combustiveis", "onibus", "estacionamento", "taxi",
             "pedagio", "metro", "etanol", "diesel", "frete", "passagem", "corrida"]
        case .aluguel:
            ["aluguel", "alugueis", "locacao", "condominio"]
        case .fornecedores:
            ["fornecedor", "fornecedores", "estoque", "mercadoria", "materia prima", "materias primas", "insumo",
             "embalagem", "reposicao"]
        case .salarios:
            ["salario", "salarios", "folha", "funcionario", "funcionaria", "pagamento de pessoal", "pro labore",
             "diarista", "comissao", "comissoes"]
        case .impostos:
            ["imposto", "impostos", "iss", "icms", "taxa", "tributo", "simples nacional", "darf", "iptu", "ipva",
             "inss", "fgts"]
        case .marketing:
            ["marketing", "anuncio", "propaganda", "instagram ads", "facebook ads", "google ads", "panfleto",
             "impulsionamento", "publicidade", "divulgacao"]
        case .contas:
            ["contas", "luz", "energia", "agua", "internet", "telefone", "gas"]
        case .equipamentos:
            ["equipamento", "maquina", "computador", "notebook", "impressora", "ferramenta", "geladeira", "freezer",
             "forno", "fogao", "balanca", "maquininha", "movel", "moveis"]
        case .vendas:
            ["vendas", "venda", "vendi", "vendemos", "vendido", "vendidos", "faturamento", "faturei", "faturamos"]
        case .servicos:
            ["servicos", "servico prestado", "servicos prestados", "prestacao de servico", "prestei", "consultoria",
             "honorarios"]
        case .outros:
            ["outros"]
        }
    }
}

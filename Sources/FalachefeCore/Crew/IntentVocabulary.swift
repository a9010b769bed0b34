import Foundation

/// The folded words and phrases the built-in model recognises, by meaning.
enum IntentVocabulary {
    static let expenseVerbs: Set<String> = [
        "gastei", "gastamos", "gastou", "paguei", "pagamos", "pagou", "comprei", "compramos", "comprou", "despesa",
        "despesas", "gasto", "custou", "saida", "debito", "spent", "paid", "bought", "expense",
    ]
    static let incomeVerbs: Set<String> = [
        "recebi", "recebemos", "recebeu", "vendi", "vendemos", "vendeu", "entrou", "entrada", "receita", "faturei",
        "faturamos", "ganhei", "ganhamos", "venda", "vendas", "received", "sold", "income", "earned", "sale", "sales",
    ]
    /// Past-tense verbs that mean "book this" even when the amount is missing.
    static let strongBookingVerbs: Set<String> = [
        "gastei", "gastamos", "paguei", "pagamos", "comprei", "compramos", "recebi", "recebemos", "vendi", "vendemos",
        "faturei", "faturamos", "spent", "paid", "bought", "received", "sold",
    ]
    static let paymentWords: Set<String> = [
        "pix", "dinheiro", "pagamento", "valor", "boleto", "boletos", "conta", "cartao", "transferencia", "deposito",
        "nota", "fatura", "parcela", "cliente", "compra", "money", "payment", "bill",
    ]
    static let recordVerbs: Set<String> = ["registrar", "registra", "registre", "anotar", "anota", "anote", "lancar", "lanca", "lance", "add", "record"]

    static let budgetWords: Set<String> = ["orcamento", "orcamentos", "budget"]
    static let budgetPhrases = ["limite de gasto", "limite de gastos", "teto de gastos", "meta de gastos", "limite para"]
    static let listWords: Set<String> = ["lancamentos", "transacoes", "movimentacoes", "listar", "lista", "transactions"]

    static let reportWords: Set<String> = [
        "saldo", "extrato", "relatorio", "resumo", "balanco", "lucro", "prejuizo", "balance", "report", "statement",
    ]
    static let reportPhrases = [
        "fluxo de caixa", "quanto gastei", "quanto gastamos", "quanto recebi", "quanto recebemos", "quanto vendi",
        "quanto vendemos", "quanto entrou", "quanto saiu", "quanto tenho", "quanto sobrou", "quanto faturei",
        "quanto faturamos", "total de gastos", "total de vendas", "minhas despesas", "meus gastos", "cash flow",
        "how much",
    ]
    /// What a report is about: "minhas vendas de março", "despesas da semana".
    static let ledgerNouns: Set<String> = [
        "gastos", "despesas", "vendas", "receitas", "entradas", "saidas", "faturamento", "resultado", "movimento",
        "lancamentos", "expenses", "sales", "income",
    ]
    static let breakdownPhrases = [
        "por categoria", "por categorias", "onde estou gastando", "onde gastei", "onde gasto", "onde gastamos",
        "com o que gastei", "com o que gasto", "em que gastei", "em que gasto", "maiores gastos", "maiores despesas",
        "divisao dos gastos", "distribuicao dos gastos", "by category", "where am i spending",
    ]
    static let conceptPhrases = [
        "o que e", "o que sao", "o que significa", "como funciona", "como calcular", "como calculo", "como faco",
        "como fazer", "como organizar", "como controlar", "me explica", "me explique", "explica", "explique",
        "qual a diferenca", "para que serve", "pra que serve", "what is", "how does", "dica", "dicas",
    ]
    static let financeTopics: Set<String> = [
        "fluxo", "caixa", "saldo", "lucro", "margem", "capital", "giro", "financas", "financeiro", "financeira",
        "orcamento", "despesa", "despesas", "receita", "receitas", "custo", "custos", "dre", "balanco", "dinheiro",
        "investimento", "divida", "dividas", "emprestimo", "juros", "precificar", "precificacao", "preco", "labore",
        "reserva", "equilibrio", "gastos", "contas", "imposto", "impostos", "mei", "budget", "cash",
    ]

    /// Concepts asked about on their own ("capital de giro?") rather than reports.
    static let conceptTopics: Set<String> = ["giro", "margem", "labore", "dre", "equilibrio", "precificacao", "precificar"]

    static let humanWords: Set<String> = ["atendente", "humano", "humana", "human", "representative", "operador", "operadora"]
    /// Who a user may ask to talk to, after "falar com", "chamar"…
    static let humanTargets: Set<String> = [
        "atendente", "humano", "humana", "pessoa", "alguem", "especialista", "consultor", "consultora", "gerente",
        "responsavel", "operador", "operadora", "suporte", "person", "someone", "human", "agent",
    ]
    static let humanRequestVerbs: Set<String> = ["falar", "conversar", "chamar", "chama", "talk", "speak"]
    static let humanPhrases = ["pessoa de verdade", "pessoa real", "real person", "atendimento humano"]

    static let dismissalWords: Set<String> = ["demitir", "demissao", "demiti", "demitido", "demitida", "rescisao", "dismiss", "fire"]
    static let dismissalPhrases = ["justa causa", "mandar embora", "dispensar funcionario", "dispensar o funcionario"]
    static let legalWords: Set<String> = ["advogado", "advogada", "justica", "lawyer", "lawsuit", "processar", "tribunal"]
    static let legalPhrases = ["processo trabalhista", "acao trabalhista", "reclamacao trabalhista", "causa trabalhista"]

    static let hrWords: Set<String> = dismissalWords.union([
        "contratar", "contratacao", "contratei", "funcionario", "funcionarios", "funcionaria",
        "colaborador", "colaboradores", "empregado", "empregados", "ferias", "folha", "clt", "admissao", "curriculo",
        "curriculos", "vaga", "vagas", "entrevista", "equipe", "treinamento", "jornada", "atestado", "estagiario",
        "estagio", "beneficios", "escala", "turno", "13o", "rh", "hire", "hiring", "employee", "employees",
        "vacation", "payroll", "staff", "salario", "salarios", "aprendiz", "garcom", "vendedor", "vendedora", "13º",
    ])
    static let hrPhrases = [
        "carteira assinada", "decimo terceiro", "aviso previo", "hora extra", "horas extras", "banco de horas",
        "vale transporte", "vale refeicao", "contrato de trabalho", "contrato de experiencia", "folha de pagamento",
    ]

    static let marketingWords: Set<String> = [
        "campanha", "campanhas", "divulgar", "divulgacao", "instagram", "insta", "facebook", "tiktok", "promocao",
        "promocoes", "promo", "marketing", "anuncio", "anuncios", "anunciar", "propaganda", "post", "posts",
        "postar", "stories", "reels", "fidelidade", "fidelizar", "cupom", "cupons", "desconto", "descontos",
        "seguidores", "engajamento", "logomarca", "panfleto", "panfletos", "influenciador", "clientela",
        "publicidade", "google", "site", "advertising", "ads", "followers", "promotion",
    ]
    static let marketingPhrases = [
        "clientes novos", "novos clientes", "mais clientes", "atrair clientes", "atrair mais", "vender mais",
        "aumentar as vendas", "aumentar minhas vendas", "aumentar vendas", "redes sociais", "black friday",
        "more customers", "new customers",
    ]

    static let helpWords: Set<String> = ["ajuda", "ajudar", "help", "menu", "comandos", "duvida", "suporte", "funcionalidades"]
    static let helpPhrases = ["o que voce faz", "o que voce pode", "como voce funciona", "como usar", "what can you do"]

    static let greetingWords: Set<String> = ["oi", "ola", "oie", "opa", "salve", "hello", "hi", "hey", "eai"]
    static let greetingPhrases = ["bom dia", "boa tarde", "boa noite", "tudo bem", "e ai", "good morning"]

    static let conjunctions: Set<String> = ["mas", "porem", "entao", "tambem", "porque", "pois", "alem", "enquanto", "depois", "and", "but"]
}

import Foundation

/// Rules of thumb on hiring, vacations, payroll and team issues under the CLT. Anything
/// involving dismissals or legal disputes is flagged for a person to review.
struct HRAgent: Sendable {
    private struct Topic {
        let words: Set<String>
        let phrases: [String]
        let text: String
    }

    private static let topics: [Topic] = [
        Topic(
            words: ["advogado", "advogada", "justica", "processar", "tribunal", "lawyer", "lawsuit"],
            phrases: ["processo trabalhista", "acao trabalhista", "reclamacao trabalhista", "causa trabalhista"],
            text: "Num processo trabalhista, não ignore a notificação: anote a data da audiência, reúna contrato, "
                + "holerites, folhas de ponto e recibos, e procure um advogado trabalhista. Evite falar do caso com o "
                + "funcionário sem orientação."),
        Topic(
            words: ["demitir", "demissao", "demiti", "rescisao", "demitido", "demitida"],
            phrases: ["justa causa", "aviso previo", "mandar embora"],
            text: "Numa demissão sem justa causa entram: saldo de salário, aviso prévio, férias vencidas e "
                + "proporcionais com 1/3, 13º proporcional e multa de 40% do FGTS. Registre tudo por escrito."),
        Topic(
            words: ["ferias", "vacation"], phrases: [],
            text: "Férias (CLT): 30 dias a cada 12 meses de trabalho, pagos até 2 dias antes do início, com 1/3 "
                + "adicional sobre o salário. Podem ser divididas em até 3 períodos (um deles com pelo menos 14 dias)."),
        Topic(
            words: ["contratar", "contratacao", "contratei", "vaga", "vagas", "curriculo", "curriculos", "entrevista", "admissao", "hire", "hiring"],
            phrases: ["carteira assinada"],
            text: "Checklist de contratação:\n1. Descreva a vaga, o horário e o salário.\n2. Divulgue e faça entrevista "
                + "com um teste prático.\n3. Peça exame admissional e documentos (CPF, RG, PIS, comprovante).\n"
                + "4. Registre na carteira digital e no eSocial antes do 1º dia.\n5. Use contrato de experiência (até 90 dias)."),
        Topic(
            words: ["folha", "salario", "salarios", "payroll", "13º", "13o", "inss", "fgts"],
            phrases: ["folha de pagamento", "decimo terceiro", "hora extra", "horas extras", "vale transporte"],
            text: "Na folha, além do salário, considere: FGTS de 8%, INSS, 13º salário, férias com 1/3 e vale-"
                + "transporte (você pode descontar até 6% do salário). Conte com um custo total de cerca de 1,7 a 2 vezes o salário."),
        Topic(
            words: ["equipe", "conflito", "briga", "atraso", "atrasos", "faltas", "motivacao", "treinamento", "team"],
            phrases: [],
            text: "Para questões de equipe: converse em particular e cedo, com fatos e exemplos; combine "
                + "expectativas por escrito; reconheça em público o que vai bem. Reuniões curtas semanais evitam ruído."),
    ]

    private static let general = "Posso ajudar com contratação, férias, folha de pagamento e dia a dia da equipe. "
        + "Regras básicas da CLT: jornada de até 44h semanais, férias de 30 dias após 12 meses com 1/3 adicional "
        + "e 13º salário pago até 20 de dezembro. O que você precisa?"

    func respond(to request: CrewRequest, analysis: MessageAnalysis) -> Reply {
        let text = CrewText(request.message.text)
        let topic = Self.topics.first { text.has($0.words) || text.has(anyPhrase: $0.phrases) }
        var body = topic?.text ?? Self.general
        if analysis.requiresHumanApproval {
            body += "\nComo esse assunto envolve risco trabalhista ou jurídico, uma pessoa da nossa equipe vai revisar "
                + "e te responder aqui. Não tome a decisão antes disso."
        }
        return Reply(text: body, agent: AgentRole.hr.rawValue)
    }
}

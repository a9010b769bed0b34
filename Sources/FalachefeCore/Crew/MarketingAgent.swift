import Foundation

/// Practical, WhatsApp-sized marketing ideas for the company, chosen by topic.
struct MarketingAgent: Sendable {
    private struct Topic {
        let words: Set<String>
        let phrases: [String]
        let title: String
        let ideas: [String]
    }

    private static let topics: [Topic] = [
        Topic(
            words: ["instagram", "insta", "stories", "reels", "post", "posts", "postar", "seguidores", "engajamento", "tiktok", "facebook"],
            phrases: ["redes sociais"],
            title: "no Instagram",
            ideas: [
                "Poste 3 vezes por semana: bastidores, produto em uso e depoimento de cliente.",
                "Use os stories todo dia com enquetes e caixinha de perguntas para criar conversa.",
                "Marque a localização e responda todo comentário no mesmo dia.",
            ]),
        Topic(
            words: ["promocao", "promocoes", "promo", "desconto", "descontos", "cupom", "cupons"],
            phrases: ["black friday"],
            title: "para a promoção",
            ideas: [
                "Dê prazo curto (ex.: só até sábado) para criar urgência.",
                "Prefira combo ou brinde a desconto alto: protege sua margem.",
                "Avise primeiro a lista de clientes no WhatsApp, antes das redes.",
            ]),
        Topic(
            words: ["fidelidade", "fidelizar", "clientela"],
            phrases: ["voltar mais", "cliente fiel", "clientes fieis"],
            title: "para fidelizar clientes",
            ideas: [
                "Cartão fidelidade: a cada 10 compras, 1 grátis.",
                "Mande uma mensagem de aniversário com um mimo.",
                "Peça opinião depois da compra e agradeça pelo nome.",
            ]),
        Topic(
            words: ["clientes", "cliente", "atrair", "divulgar", "divulgacao", "panfleto", "panfletos", "google"],
            phrases: ["clientes novos", "novos clientes", "mais clientes", "vender mais", "aumentar as vendas"],
            title: "para atrair clientes novos",
            ideas: [
                "Crie o perfil gratuito no Google (Perfil da Empresa) com fotos e horário.",
                "Programa de indicação: quem indicar um amigo ganha desconto na próxima compra.",
                "Faça parceria com um comércio vizinho que atende o mesmo público.",
            ]),
        Topic(
            words: ["campanha", "campanhas", "anuncio", "anuncios", "anunciar", "ads", "propaganda", "publicidade"],
            phrases: [],
            title: "para a campanha",
            ideas: [
                "Defina um objetivo só (ex.: 30 pedidos no mês) e um público bem local.",
                "Comece com pouco (R$ 10 a R$ 20 por dia) e mantenha o anúncio que der mais retorno.",
                "Coloque o link do WhatsApp no anúncio para o cliente falar direto com você.",
            ]),
    ]

    private static let general = Topic(
        words: [], phrases: [], title: "de marketing",
        ideas: [
            "Tenha um catálogo no WhatsApp Business com preços e fotos.",
            "Peça avaliações no Google aos clientes satisfeitos.",
            "Escolha uma rede social e seja constante nela antes de abrir outra.",
        ])

    func respond(to request: CrewRequest, analysis: MessageAnalysis) -> Reply {
        let text = CrewText(request.message.text)
        if text.has(["plano", "planejamento", "cronograma", "plan"]) { return Reply(text: Self.plan(for: request), agent: AgentRole.marketing.rawValue) }
        let topic = Self.topics.first { topic in
            text.has(topic.words) || text.has(anyPhrase: topic.phrases)
        } ?? Self.general
        let ideas = topic.ideas.enumerated().map { "\($0.offset + 1). \($0.element)" }
        let closing = "Quer que eu monte um plano curto de 4 semanas?"
        let body = (["Ideias \(topic.title) para a \(request.tenant.name)\(Self.sectorSuffix(request)):"] + ideas + [closing])
            .joined(separator: "\n")
        return Reply(text: body, agent: AgentRole.marketing.rawValue)
    }

    /// A four-week plan sized for WhatsApp: one line per week.
    static func plan(for request: CrewRequest) -> String {
        [
            "Plano de 4 semanas para a \(request.tenant.name)\(sectorSuffix(request)):",
            "Semana 1: arrume o perfil (WhatsApp Business e Instagram) com fotos, preços e horário.",
            "Semana 2: 3 posts com bastidores e produto em uso; peça avaliação a 10 clientes fiéis.",
            "Semana 3: uma promoção de tempo limitado para quem indicar um amigo.",
            "Semana 4: veja o que mais trouxe clientes e repita; corte o que não deu retorno.",
        ].joined(separator: "\n")
    }

    /// " (padaria)" when the company told its sector.
    static func sectorSuffix(_ request: CrewRequest) -> String {
        request.tenant.settings.sector.map { " (\($0))" } ?? ""
    }
}

import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Testing

/// Replies of the non-ledger agents, through the crew.
@Suite("Crew agents")
struct AgentReplyTests {
    /// The reply to `text` as the first message of a fresh conversation.
    func answer(_ text: String, kind: InboundMessage.Kind = .text) async throws -> Reply {
        var reply: Reply?
        try await TemporaryStore.with { store in
            reply = try await CrewSession.start(store).send(text, kind: kind).reply
        }
        return try #require(reply)
    }

    @Test func greetingUsesFirstNameAndCompany() async throws {
        let reply = try await answer("bom dia")
        #expect(reply.agent == "support")
        #expect(reply.text.hasPrefix("Olá, João!"))
        #expect(reply.text.contains("Padaria Pão Quente"))
    }

    @Test func helpListsExamples() async throws {
        let reply = try await answer("o que você faz?")
        #expect(reply.agent == "support")
        #expect(reply.text.contains("gastei 50 reais no almoço"))
        #expect(reply.text.contains("qual meu saldo?"))
    }

    @Test func humanRequestIsEscalated() async throws {
        let reply = try await answer("quero falar com um atendente")
        #expect(reply.agent == "support")
        #expect(reply.text.contains("uma pessoa vai te responder"))
    }

    @Test func marketingIdeasUseTenantNameAndTopic() async throws {
        let instagram = try await answer("ideias para o instagram")
        #expect(instagram.agent == "marketing")
        #expect(instagram.text.contains("Padaria Pão Quente"))
        #expect(instagram.text.contains("stories"))
        let loyalty = try await answer("como criar um programa de fidelidade?")
        #expect(loyalty.text.contains("Cartão fidelidade"))
        #expect(loyalty.text != instagram.text)
    }

    @Test func hrRulesOfThumb() async throws {
        let vacation = try await answer("como funcionam as férias?")
        #expect(vacation.agent == "hr")
        #expect(vacation.text.contains("30 dias"))
        #expect(vacation.text.contains("1/3"))
        let hiring = try await answer("quero contratar um atendente")
        #expect(hiring.text.contains("Checklist de contratação"))
    }

    @Test func dismissalIsReviewedByAPerson() async throws {
        let reply = try await answer("preciso demitir um funcionário")
        #expect(reply.agent == "hr")
        #expect(reply.text.contains("uma pessoa da nossa equipe vai revisar"))
    }

    @Test func legalMattersGetGuidanceAndReview() async throws {
        let reply = try await answer("meu funcionário entrou com processo trabalhista")
        #expect(reply.agent == "hr")
        #expect(reply.text.contains("advogado trabalhista"))
        #expect(reply.text.contains("vai revisar"))
    }

    @Test func financialQuestionIsAnsweredWithoutATool() async throws {
        let reply = try await answer("o que é fluxo de caixa?")
        #expect(reply.agent == "financial")
        #expect(reply.text.hasPrefix("Fluxo de caixa é"))
    }

    @Test func nonTextMessageIsAnsweredBySupport() async throws {
        let reply = try await answer("", kind: .media(type: "audio"))
        #expect(reply.agent == "support")
        #expect(reply.text.contains("só entendo mensagens de texto"))
    }

    @Test func repliesAreShort() async throws {
        for text in ["oi", "ajuda", "campanha", "promoção", "férias", "folha", "demissão", "o que é lucro?", "capital de giro?"] {
            let reply = try await answer(text)
            #expect(reply.text.count <= 700, "\(text): \(reply.text.count)")
            #expect(!reply.text.contains("#"))
        }
    }
}

import Testing
@testable import FalachefeCore

/// Replies of the non-ledger agents, through the crew.
@Suite("Crew agents")
struct AgentReplyTests {
    let fixture = CrewFixture()
    let crew = Crew(model: BuiltinLanguageModel(), ledger: CrewTestLedger())

    @Test func greetingUsesFirstNameAndCompany() async throws {
        let reply = try await crew.respond(to: fixture.request("bom dia"))
        #expect(reply.agent == "support")
        #expect(reply.text.hasPrefix("Olá, João!"))
        #expect(reply.text.contains("Padaria Pão Quente"))
    }

    @Test func helpListsExamples() async throws {
        let reply = try await crew.respond(to: fixture.request("o que você faz?"))
        #expect(reply.agent == "support")
        #expect(reply.text.contains("gastei 50 reais no almoço"))
        #expect(reply.text.contains("qual meu saldo?"))
    }

    @Test func humanRequestIsEscalated() async throws {
        let reply = try await crew.respond(to: fixture.request("quero falar com um atendente"))
        #expect(reply.agent == "support")
        #expect(reply.text.contains("uma pessoa vai te responder"))
    }

    @Test func marketingIdeasUseTenantNameAndTopic() async throws {
        let instagram = try await crew.respond(to: fixture.request("ideias para o instagram"))
        #expect(instagram.agent == "marketing")
        #expect(instagram.text.contains("Padaria Pão Quente"))
        #expect(instagram.text.contains("stories"))
        let loyalty = try await crew.respond(to: fixture.request("como criar um programa de fidelidade?"))
        #expect(loyalty.text.contains("Cartão fidelidade"))
        #expect(loyalty.text != instagram.text)
    }

    @Test func hrRulesOfThumb() async throws {
        let vacation = try await crew.respond(to: fixture.request("como funcionam as férias?"))
        #expect(vacation.agent == "hr")
        #expect(vacation.text.contains("30 dias"))
        #expect(vacation.text.contains("1/3"))
        let hiring = try await crew.respond(to: fixture.request("quero contratar um atendente"))
        #expect(hiring.text.contains("Checklist de contratação"))
    }

    @Test func dismissalIsReviewedByAPerson() async throws {
        let reply = try await crew.respond(to: fixture.request("preciso demitir um funcionário"))
        #expect(reply.agent == "hr")
        #expect(reply.text.contains("uma pessoa da nossa equipe vai revisar"))
    }

    @Test func legalMattersGetGuidanceAndReview() async throws {
        let reply = try await crew.respond(to: fixture.request("meu funcionário entrou com processo trabalhista"))
        #expect(reply.agent == "hr")
        #expect(reply.text.contains("advogado trabalhista"))
        #expect(reply.text.contains("vai revisar"))
    }

    @Test func financialQuestionNeedsNoLedger() async throws {
        let reply = try await Crew(model: BuiltinLanguageModel(), ledger: FailingLedger())
            .respond(to: fixture.request("o que é fluxo de caixa?"))
        #expect(reply.agent == "financial")
        #expect(reply.text.hasPrefix("Fluxo de caixa é"))
    }

    @Test func nonTextMessageIsAnsweredByTheOrchestrator() async throws {
        let reply = try await crew.respond(to: fixture.request("", kind: .media(type: "audio")))
        #expect(reply.agent == "orchestrator")
    }

    @Test func repliesAreShort() async throws {
        for text in ["oi", "ajuda", "campanha", "promoção", "férias", "folha", "demissão", "o que é lucro?", "capital de giro?"] {
            let reply = try await crew.respond(to: fixture.request(text))
            #expect(reply.text.count <= 700, "\(text): \(reply.text.count)")
            #expect(!reply.text.contains("#"))
        }
    }
}

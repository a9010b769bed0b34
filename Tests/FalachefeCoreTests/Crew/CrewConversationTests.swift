import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// Multi-turn behaviour of the crew: pending actions, continuations, handoffs, memory.
@Suite("Crew conversations")
struct CrewConversationTests {
    @Test("a booking without an amount asks for it and books the bare amount that follows")
    func pendingAmount() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let ask = try await session.send("paguei o aluguel", id: "start")
            #expect(ask.reply.text.contains("Qual foi o valor"))
            #expect(try await session.entries().isEmpty)
            #expect(await session.conversation?.pendingAction?.category == "Aluguel")
            let booked = try await session.send("1.500")
            #expect(booked.reply.agent == "financial")
            #expect(booked.reply.text.contains("despesa de R$ 1.500,00 em Aluguel"))
            let entries = try await session.entries()
            #expect(entries.map(\.amountCents) == [150_000])
            #expect(entries.first?.sourceMessageID == "start")
            #expect(await session.conversation?.pendingAction == nil)
        }
    }

    @Test("with confirmation on, a booking waits for 'sim'; 'ontem' corrects the date; 'não' drops it")
    func confirmation() async throws {
        try await TemporaryStore.with { store in
            let settings = TenantSettings(finance: .init(confirmBookings: true))
            let session = try await CrewSession.start(store, settings: settings)
            let ask = try await session.send("gastei 120 de gasolina")
            #expect(ask.reply.text.hasPrefix("Confirma despesa de R$ 120,00 em Transporte (29/11/2026)?"))
            let corrected = try await session.send("ontem")
            #expect(corrected.reply.text.contains("(28/11/2026)"))
            #expect(try await session.entries().isEmpty)
            let booked = try await session.send("sim")
            #expect(booked.reply.text.contains("Anotado: despesa de R$ 120,00 em Transporte (28/11/2026)"))
            _ = try await session.send("gastei 99 no almoço")
            let dropped = try await session.send("não")
            #expect(dropped.reply.text.contains("não registrei"))
            #expect(try await session.entries().map(\.amountCents) == [12_000])
        }
    }

    @Test("an expense above the approval threshold waits for a person and marks the conversation")
    func approvalThreshold() async throws {
        try await TemporaryStore.with { store in
            let settings = TenantSettings(finance: .init(humanApprovalAboveCents: 500_000))
            let session = try await CrewSession.start(store, settings: settings)
            let outcome = try await session.send("paguei 8.000 de fornecedor")
            #expect(outcome.reply.text.contains("pendente"))
            #expect(try await session.entries().isEmpty)
            let state = try #require(await session.conversation)
            #expect(state.requiresHumanApproval)
            #expect(state.humanApprovalStatus == .pending)
            #expect(state.pendingAction?.requiresHumanApproval == true)
            _ = try await session.send("sim")
            #expect(try await session.entries().isEmpty, "a user's 'sim' never approves their own large expense")
        }
    }

    @Test("ambiguous words do not hijack routing")
    func ambiguousRouting() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let sale = try await session.send("registrar 200 reais de venda")
            #expect(sale.reply.agent == "financial")
            #expect(try await session.entries().map(\.kind) == [.income])
            let profile = try await session.send("meu nome é João, Padaria do João")
            #expect(profile.reply.agent == "support")
            #expect(profile.reply.text.contains("Padaria do João"))
            #expect(profile.profileChanged)
            #expect(try await store.tenant(id: "t-padaria")?.name == "Padaria do João")
        }
    }

    @Test("changing subject hands the conversation over, records it and carries the pending booking")
    func handoff() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            _ = try await session.send("paguei o aluguel")
            let marketing = try await session.send("me dá ideias para o instagram")
            #expect(marketing.reply.agent == "marketing")
            let handoff = try #require(marketing.handoff)
            #expect(handoff.from == .financial)
            #expect(handoff.to == .marketing)
            #expect(handoff.summary.contains("paguei o aluguel"))
            #expect(handoff.summary.contains("add_expense sem amount"))
            #expect(marketing.reply.text.contains("continua pendente"))
            let booked = try await session.send("1.200")
            #expect(booked.reply.agent == "financial")
            #expect(booked.handoff?.from == .marketing)
            #expect(booked.reply.text.contains("R$ 1.200,00 em Aluguel"))
            let history = try #require(await session.conversation?.handoffHistory)
            #expect(history.map(\.to) == [.marketing, .financial])
        }
    }

    @Test("a short reply stays with the current agent")
    func continuationStays() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            _ = try await session.send("ideias de promoção")
            let plan = try await session.send("sim")
            #expect(plan.reply.agent == "marketing")
            #expect(plan.reply.text.contains("Semana 1"))
            #expect(plan.handoff == nil)
        }
    }

    @Test("a stated fact is stored and answers a later question; a preference changes reports")
    func memory() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let stated = try await session.send("meu fornecedor principal é a Distribuidora Sol")
            #expect(stated.reply.text.contains("Vou lembrar"))
            let memory = try #require(stated.effects.memories.first)
            #expect(memory.kind == .fact)
            #expect(memory.tenantID == "t-padaria")
            #expect(memory.userID == "u-padaria")
            let recall = try await session.send("quem é meu fornecedor principal?")
            #expect(recall.reply.text.contains("Distribuidora Sol"))
            #expect(recall.effects.accessedMemoryIDs == [memory.id])

            _ = try await session.send("prefiro relatórios semanais")
            let report = try await session.send("qual meu saldo?")
            #expect(report.reply.text.contains("esta semana"))
        }
    }

    @Test("a budget is saved and an expense past it raises an alert")
    func budgetAlert() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let plan = try await session.send("orçamento de 500 para alimentação")
            #expect(plan.reply.text.contains("Orçamento de 11/2026 salvo"))
            #expect(plan.reply.text.contains("Alimentação: limite R$ 500,00"))
            let under = try await session.send("gastei 300 no almoço")
            #expect(!under.reply.text.contains("Alerta"))
            let over = try await session.send("gastei 250 no jantar")
            #expect(over.reply.text.contains("Alerta de orçamento: Alimentação já passou do limite de R$ 500,00"))
            let status = try await session.send("orçamento")
            #expect(status.reply.text.contains("gasto R$ 550,00 (110%)"))
        }
    }

    @Test("a disabled agent does not answer; the company is told instead")
    func disabledAgent() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            var marketing = try #require(try await store.crewAgents(tenantID: "t-padaria").first { $0.role == .marketing })
            marketing.status = .inactive
            try await store.updateCrewAgent(tenantID: "t-padaria", marketing)
            let reply = try await session.send("ideias para o instagram").reply
            #expect(reply.agent == "support")
            #expect(reply.text.contains("desativado"))
        }
    }

    @Test("asking for a person marks the conversation for human approval")
    func escalation() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let outcome = try await session.send("quero falar com um atendente")
            #expect(outcome.reply.text.contains("uma pessoa vai te responder"))
            #expect(await session.conversation?.humanApprovalStatus == .pending)
            #expect(outcome.effects.tasks.first?.toolCalls == ["request_human"])
        }
    }

    @Test("a non-admin cannot rename the company")
    func profileNeedsAdmin() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store, role: .user)
            let reply = try await session.send("minha empresa se chama Outra Coisa").reply
            #expect(reply.text.contains("só podem ser mudados por um administrador"))
            #expect(try await store.tenant(id: "t-padaria")?.name == "Padaria Pão Quente")
        }
    }
}

extension CrewConversationTests {
    @Test("a booking left waiting for a day is forgotten: a late 'sim' is not its answer")
    func pendingExpires() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            _ = try await session.send("paguei o aluguel")
            #expect(await session.conversation?.pendingAction != nil)
            let late = try await session.send("1.500", after: PendingAction.lifetime + 60)
            #expect(try await session.entries().isEmpty)
            #expect(!late.reply.text.contains("Anotado"))
            #expect(await session.conversation?.pendingAction == nil)
        }
    }
}

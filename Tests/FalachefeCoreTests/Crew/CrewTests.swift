import FalachefeCore
import FalachefeSQLite
import FalachefeTestSupport
import Foundation
import Testing

/// The financial agent through the crew, on a real SQLite ledger.
@Suite("Crew")
struct CrewTests {
    @Test func bookingThenBalanceReflectsIt() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let income = try await session.send("vendi 1.500 hoje").reply
            #expect(income.agent == "financial")
            #expect(income.text == "Anotado: receita de R$ 1.500,00 em Vendas (29/11/2026). Saldo do mês: R$ 1.500,00.")
            let expense = try await session.send("gastei 50 reais no almoço").reply
            #expect(expense.text == "Anotado: despesa de R$ 50,00 em Alimentação (29/11/2026). Saldo do mês: R$ 1.450,00.")
            let balance = try await session.send("qual meu saldo?").reply
            #expect(balance.agent == "financial")
            #expect(balance.text.contains("Entradas: R$ 1.500,00"))
            #expect(balance.text.contains("Saídas: R$ 50,00"))
            #expect(balance.text.contains("Saldo: R$ 1.450,00"))
            #expect(balance.text.contains("este mês"))
        }
    }

    @Test func bookedEntryComesFromTheRequest() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            _ = try await session.send("despesa de 30 com uber ontem " + String(repeating: "x", count: 200), id: "msg-1")
            let entries = try await session.entries()
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.tenantID == "t-padaria")
            #expect(entry.userID == "u-padaria")
            #expect(entry.sourceMessageID == "msg-1")
            #expect(entry.kind == .expense)
            #expect(entry.amountCents == 3_000)
            #expect(entry.category == "Transporte")
            #expect(entry.day == LedgerDay(year: 2026, month: 11, day: 28))
            #expect(entry.description.count == 140)
        }
    }

    @Test("a booking is written only with its reply: an answer that is not committed books nothing")
    func bookingCommitsWithItsReply() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let tenant = await session.tenant
            let user = await session.user
            let message = InboundMessage(
                tenantID: tenant.id, messageID: "lost", senderPhone: user.phone, text: "gastei 80 de gasolina",
                sentAt: CrewSession.now, receivedAt: CrewSession.now)
            let request = CrewRequest(
                tenant: tenant, user: user, message: message, today: CrewSession.today, now: CrewSession.now,
                conversation: nil, agents: try await store.crewAgents(tenantID: tenant.id), memories: [], recentTurns: [])
            let uncommitted = try await Crew(model: BuiltinLanguageModel(), store: store).respond(to: request)
            #expect(uncommitted.reply.text.contains("R$ 80,00 em Transporte"))
            #expect(uncommitted.effects.ledgerEntries.map(\.amountCents) == [8_000])
            #expect(try await session.entries().isEmpty)

            // Processed again (its first answer never committed), the message books once, with its reply.
            let replay = try await session.send("gastei 80 de gasolina", id: "lost").reply
            #expect(replay.text.contains("Saldo do mês: -R$ 80,00"))
            #expect(try await session.entries().map(\.sourceMessageID) == ["lost"])
        }
    }

    @Test func categoryBreakdownPercentages() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            for text in ["gastei 100 no almoço", "gastei 50 no jantar", "uber 50", "recebi 1000 de venda"] {
                _ = try await session.send(text)
            }
            let reply = try await session.send("gastos por categoria").reply
            #expect(reply.agent == "financial")
            let lines = reply.text.split(separator: "\n").map(String.init)
            #expect(lines.contains("• Alimentação: R$ 150,00 (75%)"))
            #expect(lines.contains("• Transporte: R$ 50,00 (25%)"))
            #expect(lines.last == "Total: R$ 200,00")
            let food = try #require(lines.firstIndex { $0.contains("Alimentação") })
            let transport = try #require(lines.firstIndex { $0.contains("Transporte") })
            #expect(food < transport)
            #expect(!reply.text.contains("Vendas"))
        }
    }

    @Test func reportsForOtherPeriodsAndEmptyLedger() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let empty = try await session.send("fluxo de caixa do mês").reply
            #expect(empty.text.contains("Ainda não há lançamentos"))
            _ = try await session.send("paguei 300 de luz em 10/10")
            let lastMonth = try await session.send("quanto gastei no mês passado?").reply
            #expect(lastMonth.text.contains("mês passado (01/10 a 31/10)"))
            #expect(lastMonth.text.contains("Saldo: -R$ 300,00"))
            let thisMonth = try await session.send("qual meu saldo?").reply
            #expect(thisMonth.text.contains("Ainda não há lançamentos"))
        }
    }

    @Test func otherTenantsEntriesAreInvisible() async throws {
        try await TemporaryStore.with { store in
            let other = try await CrewSession.start(store, slug: "outra")
            _ = try await other.send("vendi 900 hoje")
            let session = try await CrewSession.start(store)
            let reply = try await session.send("qual meu saldo?").reply
            #expect(reply.text.contains("Ainda não há lançamentos"))
        }
    }

    @Test func storeFailuresAreThrown() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        let session = try await CrewSession.start(store)
        try await store.close()
        await #expect(throws: (any Error).self) {
            _ = try await session.send("gastei 50 no almoço")
        }
    }

    @Test func everyAnswerIsOneTaskRecord() async throws {
        try await TemporaryStore.with { store in
            let session = try await CrewSession.start(store)
            let outcome = try await session.send("gastei 50 no almoço", id: "m-task")
            let task = try #require(outcome.effects.tasks.first)
            #expect(outcome.effects.tasks.count == 1)
            #expect(task.messageID == "m-task")
            #expect(task.agent == .financial)
            #expect(task.description == "add_expense")
            #expect(task.toolCalls == ["add_expense"])
            #expect(task.status == .completed)
            #expect(task.engine == .builtin)
            #expect(task.costUsd == 0)
        }
    }
}

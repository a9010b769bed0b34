import Foundation
import Testing
@testable import FalachefeCore

/// An in-memory `LedgerStore`: booking is idempotent on (tenantID, sourceMessageID).
actor CrewTestLedger: LedgerStore {
    private(set) var entries: [LedgerEntry] = []

    func book(_ entry: LedgerEntry) async throws -> LedgerEntry {
        if let existing = entries.first(where: { $0.tenantID == entry.tenantID && $0.sourceMessageID == entry.sourceMessageID }) {
            return existing
        }
        entries.append(entry)
        return entry
    }

    func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary {
        let selected = entries.filter { $0.tenantID == tenantID && $0.day >= from && $0.day <= to }
        var totals: [String: LedgerSummary.CategoryTotal] = [:]
        for entry in selected {
            let key = "\(entry.kind.rawValue)|\(entry.category)"
            var total = totals[key] ?? .init(kind: entry.kind, category: entry.category, cents: 0, count: 0)
            total.cents += entry.amountCents
            total.count += 1
            totals[key] = total
        }
        return LedgerSummary(
            incomeCents: selected.filter { $0.kind == .income }.reduce(0) { $0 + $1.amountCents },
            expenseCents: selected.filter { $0.kind == .expense }.reduce(0) { $0 + $1.amountCents },
            byCategory: totals.values.sorted { $0.category < $1.category })
    }

    func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry] {
        Array(entries.filter { $0.tenantID == tenantID && $0.day >= from && $0.day <= to }.prefix(limit))
    }
}

/// A ledger whose every call fails, as a broken database would.
struct FailingLedger: LedgerStore {
    struct Down: Error {}
    func book(_ entry: LedgerEntry) async throws -> LedgerEntry { throw Down() }
    func ledgerSummary(tenantID: String, from: LedgerDay, to: LedgerDay) async throws -> LedgerSummary { throw Down() }
    func ledgerEntries(tenantID: String, from: LedgerDay, to: LedgerDay, limit: Int) async throws -> [LedgerEntry] { throw Down() }
}

/// Builds requests for one company and user.
struct CrewFixture {
    static let today = LedgerDay(year: 2026, month: 11, day: 29)
    let tenant = Tenant(id: "t-padaria", slug: "padaria", name: "Padaria Pão Quente")
    let user = CompanyUser(id: "u-joao", tenantID: "t-padaria", name: "João da Silva", phone: "5511900000001", role: .admin)

    func request(_ text: String, id: String = UUID().uuidString, kind: InboundMessage.Kind = .text) -> CrewRequest {
        let message = InboundMessage(
            tenantID: tenant.id, messageID: id, senderPhone: user.phone, text: text, kind: kind,
            sentAt: Date(), receivedAt: Date())
        return CrewRequest(tenant: tenant, user: user, message: message, today: Self.today)
    }
}

@Suite("Crew")
struct CrewTests {
    let fixture = CrewFixture()

    @Test func bookingThenBalanceReflectsIt() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        let income = try await crew.respond(to: fixture.request("vendi 1.500 hoje"))
        #expect(income.agent == "financial")
        #expect(income.text == "Anotado: receita de R$ 1.500,00 em Vendas (29/11/2026). Saldo do mês: R$ 1.500,00.")
        let expense = try await crew.respond(to: fixture.request("gastei 50 reais no almoço"))
        #expect(expense.text == "Anotado: despesa de R$ 50,00 em Alimentação (29/11/2026). Saldo do mês: R$ 1.450,00.")
        let balance = try await crew.respond(to: fixture.request("qual meu saldo?"))
        #expect(balance.agent == "financial")
        #expect(balance.text.contains("Entradas: R$ 1.500,00"))
        #expect(balance.text.contains("Saídas: R$ 50,00"))
        #expect(balance.text.contains("Saldo: R$ 1.450,00"))
        #expect(balance.text.contains("este mês"))
    }

    @Test func bookedEntryComesFromTheRequest() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        let text = "despesa de 30 com uber ontem " + String(repeating: "x", count: 200)
        _ = try await crew.respond(to: fixture.request(text, id: "msg-1"))
        let entries = await ledger.entries
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.tenantID == "t-padaria")
        #expect(entry.userID == "u-joao")
        #expect(entry.sourceMessageID == "msg-1")
        #expect(entry.kind == .expense)
        #expect(entry.amountCents == 3_000)
        #expect(entry.category == "Transporte")
        #expect(entry.day == LedgerDay(year: 2026, month: 11, day: 28))
        #expect(entry.description.count == 140)
    }

    @Test func sameMessageBooksOnce() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        let first = try await crew.respond(to: fixture.request("paguei R$ 1.200 de aluguel", id: "dup"))
        let second = try await crew.respond(to: fixture.request("paguei R$ 1.200 de aluguel", id: "dup"))
        #expect(await ledger.entries.count == 1)
        #expect(first.text.contains("R$ 1.200,00 em Aluguel"))
        #expect(second.text.contains("já estava registrado"))
        #expect(second.text.contains("Saldo do mês: -R$ 1.200,00"))
    }

    @Test func confirmationUsesTheStoredEntry() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        _ = try await crew.respond(to: fixture.request("gastei 80 de gasolina", id: "m"))
        let replay = try await crew.respond(to: fixture.request("gastei 99 no almoço", id: "m"))
        #expect(replay.text.contains("R$ 80,00 em Transporte"))
        #expect(!replay.text.contains("99"))
    }

    @Test func categoryBreakdownPercentages() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        for text in ["gastei 100 no almoço", "gastei 50 no jantar", "uber 50", "recebi 1000 de venda"] {
            _ = try await crew.respond(to: fixture.request(text))
        }
        let reply = try await crew.respond(to: fixture.request("gastos por categoria"))
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

    @Test func missingAmountAsksAndBooksNothing() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        let reply = try await crew.respond(to: fixture.request("gastei no almoço"))
        #expect(reply.agent == "financial")
        #expect(reply.text.hasPrefix("Qual foi o valor?"))
        #expect(await ledger.entries.isEmpty)
    }

    @Test func reportsForOtherPeriodsAndEmptyLedger() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        let empty = try await crew.respond(to: fixture.request("fluxo de caixa do mês"))
        #expect(empty.text.contains("Ainda não há lançamentos"))
        _ = try await crew.respond(to: fixture.request("paguei 300 de luz em 10/10"))
        let lastMonth = try await crew.respond(to: fixture.request("quanto gastei no mês passado?"))
        #expect(lastMonth.text.contains("mês passado (01/10 a 31/10)"))
        #expect(lastMonth.text.contains("Saldo: -R$ 300,00"))
        let thisMonth = try await crew.respond(to: fixture.request("qual meu saldo?"))
        #expect(thisMonth.text.contains("Ainda não há lançamentos"))
    }

    @Test func otherTenantsEntriesAreInvisible() async throws {
        let ledger = CrewTestLedger()
        let crew = Crew(model: BuiltinLanguageModel(), ledger: ledger)
        var other = fixture.request("vendi 900 hoje")
        other.tenant = Tenant(id: "t-outra", slug: "outra", name: "Outra")
        _ = try await crew.respond(to: other)
        let reply = try await crew.respond(to: fixture.request("qual meu saldo?"))
        #expect(reply.text.contains("Ainda não há lançamentos"))
    }

    @Test func storeFailuresAreThrown() async {
        let crew = Crew(model: BuiltinLanguageModel(), ledger: FailingLedger())
        await #expect(throws: FailingLedger.Down.self) {
            _ = try await crew.respond(to: fixture.request("gastei 50 no almoço"))
        }
    }
}

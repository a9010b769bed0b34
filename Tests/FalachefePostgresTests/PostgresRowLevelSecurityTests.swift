import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// Row level security (migration 0003) as defence in depth: with two companies' rows in one
/// database, a session that names no company sees and writes nothing, and one that names
/// company A sees and writes only A's rows. The connections here belong to the tables'
/// owner, which `FORCE ROW LEVEL SECURITY` holds to the same policies as any other role.
@Suite("PostgreSQL row level security")
struct PostgresRowLevelSecurityTests {
    /// Runs `body` with a store holding two seeded companies and an owner's connection to
    /// the same database.
    private static func withTwoCompanies(
        _ body: (PostgresStore, Tenant, Tenant, PostgresConnection) async throws -> Void
    ) async throws {
        let database = try await TemporaryPostgresDatabase.create()
        do {
            let store = try await database.open()
            do {
                let first = try await seed(store)
                let second = try await seed(store)
                try await TemporaryPostgresDatabase.admin(database.url) { try await body(store, first, second, $0) }
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        } catch {
            await database.drop()
            throw error
        }
        await database.drop()
    }

    private static func isPolicyViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "42501"
    }

    @Test func withoutACompanyEveryTenantTableLooksEmpty() async throws {
        try await Self.withTwoCompanies { store, first, _, connection in
            for table in Self.tables {
                let seen = try await Self.inTransaction(on: connection) { try await Self.count(table, on: connection) }
                #expect(seen.all == 0, "\(table.name) shows rows without app.company_id")
            }
            // The store's own connections keep no setting once its transactions end.
            for _ in 0..<TemporaryPostgresDatabase.poolSize {
                let rows = try await store.client.query("SELECT count(*)::bigint AS n FROM inbox").collect()
                #expect(try rows.first?.decode(Int.self) == 0)
            }
            #expect(try await store.crewAgents(tenantID: first.id).count == AgentRole.allCases.count)
        }
    }

    @Test func aCompanySeesOnlyItsOwnRows() async throws {
        try await Self.withTwoCompanies { _, first, second, connection in
            for tenant in [first, second] {
                for table in Self.tables {
                    let seen = try await Self.inTransaction(on: connection, setting: ("app.company_id", tenant.id)) {
                        try await Self.count(table, notOf: tenant.id, on: connection)
                    }
                    #expect(seen.all > 0, "\(table.name) hides the company's own rows")
                    #expect(seen.others == 0, "\(table.name) shows another company's rows")
                }
            }
            // An unknown company sees nothing either.
            for table in Self.tables {
                let seen = try await Self.inTransaction(on: connection, setting: ("app.company_id", "nenhuma")) {
                    try await Self.count(table, on: connection)
                }
                #expect(seen.all == 0, "\(table.name) shows rows to an unknown company")
            }
        }
    }

    @Test func writesAcrossCompaniesAreRefusedOrMissNothing() async throws {
        try await Self.withTwoCompanies { _, first, second, connection in
            let logger = TemporaryPostgresDatabase.logger
            let insert: PostgresQuery = """
                INSERT INTO users (id, company_id, name, phone, phone_canonical, role)
                VALUES (gen_random_uuid()::text, \(second.id), 'Intrusa', '5511911112222', '5511911112222', 'user')
                """
            for setting in [("app.company_id", first.id), nil] as [(name: String, value: String)?] {
                await #expect(performing: {
                    try await Self.inTransaction(on: connection, setting: setting) {
                        try await connection.execute(insert, logger: logger)
                    }
                }, throws: { Self.isPolicyViolation($0) })
            }
            let changed = try await Self.inTransaction(on: connection, setting: ("app.company_id", first.id)) {
                try await connection.rows(
                    "UPDATE inbox SET text = 'alterado' WHERE company_id = \(second.id) RETURNING sequence",
                    logger: logger
                ) { try $0.int64("sequence") }
            }
            #expect(changed.isEmpty)
            // Moving one's own row to another company is refused as well.
            await #expect(performing: {
                try await Self.inTransaction(on: connection, setting: ("app.company_id", first.id)) {
                    try await connection.execute(
                        "UPDATE ledger_entries SET company_id = \(second.id) WHERE company_id = \(first.id)", logger: logger
                    )
                }
            }, throws: { Self.isPolicyViolation($0) })
        }
    }

    @Test func crossTenantOperationsStillSeeEveryCompany() async throws {
        try await Self.withTwoCompanies { store, first, second, _ in
            let ids = Set([first.id, second.id])
            #expect(Set(try await store.tenants().map(\.id)) == ids)
            #expect(try await store.tenant(slugOrID: second.slug)?.id == second.id)
            let instance = try #require(try await store.instance(tenantID: second.id))
            #expect(try await store.instance(owner: instance.owner)?.tenantID == second.id)
            #expect(Set(try await store.tenantsWithPendingOutbox()) == ids)
            #expect(try await store.auditLog(tenantID: nil, limit: 10).count == 2)
            #expect(try await store.auditLog(tenantID: first.id, limit: 10).map(\.tenantID) == [first.id])
        }
    }
}

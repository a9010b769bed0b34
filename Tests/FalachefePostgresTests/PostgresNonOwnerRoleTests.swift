import FalachefeCore
import FalachefeTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import FalachefePostgres

/// The recommended deployment: the server connects as a role that does not own the tables,
/// with only the privileges it needs. Row level security holds it to one company per
/// transaction.
@Suite("PostgreSQL non-owner role")
struct PostgresNonOwnerRoleTests {
    @Test("a non-owner application role sees nothing without a company and only that company's rows with one")
    func nonOwnerRoleIsIsolated() async throws {
        try await TemporaryPostgresDatabase.with { store in
            let first = try await PostgresRowLevelSecurityTests.seed(store)
            let second = try await PostgresRowLevelSecurityTests.seed(store)
            let role = "falachefe_app_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12)
            let password = UUID().uuidString
            let logger = TemporaryPostgresDatabase.logger
            let owner = store.url
            // Identifiers cannot be bound; the role name is made of hex digits only.
            try await TemporaryPostgresDatabase.admin(owner) { connection in
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'"), logger: logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \(role)"),
                    logger: logger)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO \(role)"), logger: logger)
            }
            var application = store.url
            application.username = role
            application.password = password
            do {
                try await TemporaryPostgresDatabase.admin(application) { connection in
                    for table in PostgresRowLevelSecurityTests.tables {
                        let unset = try await PostgresRowLevelSecurityTests.inTransaction(on: connection) {
                            try await PostgresRowLevelSecurityTests.count(table, on: connection)
                        }
                        #expect(unset.all == 0, "\(table.name) shows rows to the application role without a company")
                        for tenant in [first, second] {
                            let scoped = try await PostgresRowLevelSecurityTests.inTransaction(
                                on: connection, setting: ("app.company_id", tenant.id)
                            ) { try await PostgresRowLevelSecurityTests.count(table, notOf: tenant.id, on: connection) }
                            #expect(scoped.others == 0, "\(table.name) shows another company's rows to \(tenant.slug)")
                        }
                    }
                }
            } catch {
                try? await Self.dropRole(role, via: owner)
                throw error
            }
            try await Self.dropRole(role, via: owner)
        }
    }

    /// Roles belong to the whole cluster: drop this one before its database goes.
    private static func dropRole(_ role: String, via owner: PostgresURL) async throws {
        let logger = TemporaryPostgresDatabase.logger
        try await TemporaryPostgresDatabase.admin(owner) { connection in
            for statement in [
                "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \(role)",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \(role)",
                "DROP ROLE \(role)",
            ] {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }
}

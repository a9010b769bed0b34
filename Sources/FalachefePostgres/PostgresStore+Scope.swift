import FalachefeCore
import Logging
import PostgresNIO

/// Row level security (migration 0003): every statement of the store runs in a
/// transaction that first says whose rows it may see and write.
extension PostgresStore {
    /// Whose rows a transaction may see and write.
    enum Scope: Sendable {
        /// One company's rows only: sets `app.company_id`. Every per-tenant operation.
        case tenant(String)
        /// Every company's rows: sets `app.bypass_rls`. Only the store's cross-tenant
        /// operations (tenant listing and lookup by slug, instance by owner, admin token by
        /// hash, tenants with pending work, outbox rows by id, retention sweeps and
        /// platform-wide audit entries), never a per-tenant one.
        case allTenants

        /// One company's scope, or every company's when `tenantID` is nil (audit log).
        init(_ tenantID: String?) {
            self = tenantID.map(Scope.tenant) ?? .allTenants
        }

        /// The statement that opens the scope, local to the transaction (`set_config(…,
        /// true)`), so nothing outlives it on the pooled connection.
        var query: PostgresQuery {
            switch self {
            case .tenant(let id): "SELECT set_config('app.company_id', \(id), true)"
            case .allTenants: "SELECT set_config('app.bypass_rls', 'on', true)"
            }
        }
    }

    /// Runs `body` in one transaction on one pooled connection, opened in `scope`: it
    /// commits when `body` returns and rolls back when it throws. Errors are postgres-nio's
    /// own (the closure's error unwrapped), for the caller to map those it expects; no
    /// connection within the store's wait timeout is `StoreError.unavailable`.
    func scoped<T: Sendable>(
        _ scope: Scope, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await connections.withTransaction(logger: logger) { connection in
            try await connection.enter(scope, logger: logger)
            return try await body(connection)
        }
    }

    /// `scoped`, with errors as `StoreError`s.
    func transaction<T: Sendable>(
        in scope: Scope, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await scoped(scope, body)
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// Runs `query` in `scope` and decodes every row. Errors are `StoreError`s.
    func rows<T: Sendable>(
        in scope: Scope, _ query: PostgresQuery, decode: @escaping @Sendable (Row) throws -> T
    ) async throws -> [T] {
        let logger = logger
        return try await transaction(in: scope) { connection in
            try await connection.rows(query, logger: logger, decode: decode)
        }
    }

    /// Runs a prepared `statement` in `scope` and decodes every row. Errors are `StoreError`s.
    func rows<Statement: PreparedRowStatement, T: Sendable>(
        in scope: Scope, _ statement: Statement, decode: @escaping @Sendable (Row) throws -> T
    ) async throws -> [T] {
        let logger = logger
        return try await transaction(in: scope) { connection in
            try await connection.rows(statement, logger: logger, decode: decode)
        }
    }

    /// Runs a statement in `scope`, discarding any rows. Errors are postgres-nio's own, for
    /// the caller to map those it expects (else `StoreError.wrapping`).
    func perform(in scope: Scope, _ query: PostgresQuery) async throws {
        let logger = logger
        try await scoped(scope) { connection in
            try await connection.execute(query, logger: logger)
        }
    }
}

extension PostgresConnection {
    /// Moves the current transaction into `scope` (see `PostgresStore.Scope`).
    func enter(_ scope: PostgresStore.Scope, logger: Logger) async throws {
        try await execute(scope.query, logger: logger)
    }
}

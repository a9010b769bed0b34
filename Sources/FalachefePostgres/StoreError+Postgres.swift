import FalachefeCore
import PostgresNIO

extension StoreError {
    /// Maps any error raised while talking to PostgreSQL to the store's error vocabulary:
    /// uniqueness violations are conflicts, everything else makes the store unavailable.
    /// A `PostgresTransactionError` (the migrator's transactions) is unwrapped first (the
    /// error of the closure, else of `BEGIN` or `COMMIT`). Messages carry the server's message and constraint, never the
    /// query's bound values.
    static func wrapping(_ error: any Error) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return wrapping(inner)
            }
            return .unavailable("transaction failed")
        }
        if let psql = error as? PSQLError {
            if psql.isUniqueViolation { return .conflict(psql.summary) }
            return .unavailable(psql.summary)
        }
        return .unavailable(String(describing: error))
    }

    /// Whether `error` is the server refusing a statement (a constraint, a bad value…), as
    /// opposed to the database not being reached at all (no connection in time, connection
    /// refused or lost, pool failing) or going away (SQLSTATE classes 08 connection, 53
    /// resources, 57 shutdown, 58 system), which no retry of the same rows can fix now.
    static func isStatementRefusal(_ error: any Error) -> Bool {
        guard let psql = error as? PSQLError, let state = psql.sqlState else { return false }
        return !["08", "53", "57", "58"].contains(String(state.prefix(2)))
    }
}

extension PSQLError {
    /// The server's SQLSTATE, nil for client-side errors.
    var sqlState: String? { serverInfo?[.sqlState] }

    /// `23505 unique_violation`.
    var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503 foreign_key_violation`.
    var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `23514 check_violation`: a value the schema refuses.
    var isCheckViolation: Bool { sqlState == "23514" }

    /// The constraint the statement failed on, if the server named one.
    var constraint: String? { serverInfo?[.constraintName] }

    /// A loggable one-line summary: the server's message, SQLSTATE and constraint, or the
    /// client-side error code. Never the query's values (the server's `detail` may hold them).
    var summary: String {
        guard let serverInfo else { return "postgres client error: \(code)" }
        var text = serverInfo[.message] ?? "server error"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += " [\(constraint)]" }
        return text
    }
}

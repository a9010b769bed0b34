import SQLiteNIO

extension SQLiteConnection {
    /// Runs a statement whose result rows, if any, are not needed.
    func execute(_ sql: String, _ binds: [SQLiteData] = []) async throws {
        try await query(sql, binds) { _ in }
    }

    /// Rows changed by the last statement of this connection. Only meaningful inside a
    /// writer job, where no other statement can run on the connection in between.
    func changes() async throws -> Int {
        let rows = try await query("SELECT changes() AS n")
        return try rows.first?.int("n") ?? 0
    }
}

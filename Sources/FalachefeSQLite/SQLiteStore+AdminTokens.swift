import FalachefeCore
import Foundation
import SQLiteNIO

/// Company-scoped admin tokens, stored as hashes.
extension SQLiteStore {
    public func createAdminToken(_ token: AdminToken) async throws {
        try await write { connection in
            do {
                try connection.execute(
                    "INSERT INTO admin_tokens (token_hash, company_id, role, name, created_at) VALUES (?, ?, ?, ?, ?)",
                    [.text(token.hash), .text(token.tenantID), .text(token.role.rawValue), .text(token.name), .date(token.createdAt)]
                )
            } catch let error as SQLiteFailure where error.isUniqueViolation {
                throw StoreError.conflict("token already exists")
            } catch let error as SQLiteFailure where error.isForeignKeyViolation {
                throw StoreError.notFound("tenant \(token.tenantID)")
            }
        }
    }

    public func adminToken(hash: String) async throws -> AdminToken? {
        try await read(
            "SELECT token_hash, company_id, role, name, created_at FROM admin_tokens WHERE token_hash = ?", [.text(hash)]
        ) { row in
            AdminToken(
                hash: try row.text("token_hash"), tenantID: try row.text("company_id"),
                role: try row.decode(AdminToken.Role.self, "role"), name: try row.text("name"),
                createdAt: try row.date("created_at"))
        }.first
    }
}

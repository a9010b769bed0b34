import FalachefeCore
import Foundation
import PostgresNIO

/// Company-scoped admin tokens, stored as hashes.
extension PostgresStore {
    public func createAdminToken(_ token: AdminToken) async throws {
        do {
            try await perform(
                in: .tenant(token.tenantID),
                """
                INSERT INTO admin_tokens (token_hash, company_id, role, name, created_at)
                VALUES (\(token.hash), \(token.tenantID), \(token.role.rawValue), \(token.name), \(token.createdAt.timestamp))
                """)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw StoreError.conflict("token already exists")
        } catch let error as PSQLError where error.isForeignKeyViolation {
            throw StoreError.notFound("tenant \(token.tenantID)")
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// The token whose hash is `hash`, if any.
    public func adminToken(hash: String) async throws -> AdminToken? {
        try await rows(
            in: .allTenants,
            "SELECT token_hash, company_id, role, name, created_at FROM admin_tokens WHERE token_hash = \(hash)"
        ) { row in
            AdminToken(
                hash: try row.text("token_hash"), tenantID: try row.text("company_id"),
                role: try row.decode(AdminToken.Role.self, "role"), name: try row.text("name"),
                createdAt: try row.date("created_at")
            )
        }.first
    }
}

import FalachefeCore
import Foundation
import PostgresNIO

/// Registered users of a company, matched by canonical phone.
extension PostgresStore {
    /// Registers a user. Any spelling of a phone already registered in the company is a
    /// conflict; an unknown company is not found.
    public func addUser(_ user: CompanyUser) async throws {
        let canonical = PhoneNumber.canonical(user.phone)
        do {
            try await perform(
                in: .tenant(user.tenantID),
                """
                INSERT INTO users (id, company_id, name, phone, phone_canonical, role, email, created_at)
                VALUES (\(user.id), \(user.tenantID), \(user.name), \(user.phone), \(canonical), \(user.role.rawValue),
                        \(user.email), \(user.createdAt.timestamp))
                """)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw StoreError.conflict("phone \(PhoneNumber.mask(user.phone)) is already registered")
        } catch let error as PSQLError where error.isForeignKeyViolation {
            throw StoreError.notFound("tenant \(user.tenantID)")
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    public func users(tenantID: String) async throws -> [CompanyUser] {
        try await rows(
            in: .tenant(tenantID),
            """
            SELECT id, company_id, name, phone, role, email, created_at FROM users
            WHERE company_id = \(tenantID) ORDER BY created_at, id
            """
        ) { row in
            CompanyUser(
                id: try row.text("id"), tenantID: try row.text("company_id"), name: try row.text("name"),
                phone: try row.text("phone"), role: try row.decode(CompanyUser.Role.self, "role"),
                email: try row.optionalText("email"), createdAt: try row.date("created_at")
            )
        }
    }
}

import FalachefeCore
import Foundation
import SQLiteNIO

/// Registered users of a company, matched by canonical phone.
extension SQLiteStore {
    public func addUser(_ user: CompanyUser) async throws {
        let canonical = PhoneNumber.canonical(user.phone)
        try await write { connection in
            do {
                try connection.execute(
                    """
                    INSERT INTO users (id, company_id, name, phone, phone_canonical, role, email, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(user.id), .text(user.tenantID), .text(user.name), .text(user.phone), .text(canonical),
                     .text(user.role.rawValue), .optionalText(user.email), .date(user.createdAt)]
                )
            } catch let error as SQLiteFailure where error.isUniqueViolation {
                throw StoreError.conflict("phone \(PhoneNumber.mask(user.phone)) is already registered")
            } catch let error as SQLiteFailure where error.isForeignKeyViolation {
                throw StoreError.notFound("tenant \(user.tenantID)")
            }
        }
    }

    public func users(tenantID: String) async throws -> [CompanyUser] {
        try await read(
            """
            SELECT id, company_id, name, phone, role, email, created_at FROM users
            WHERE company_id = ? ORDER BY created_at, id
            """,
            [.text(tenantID)]
        ) { row in
            CompanyUser(
                id: try row.text("id"), tenantID: try row.text("company_id"), name: try row.text("name"),
                phone: try row.text("phone"), role: try row.decode(CompanyUser.Role.self, "role"),
                email: row.optionalText("email"), createdAt: try row.date("created_at")
            )
        }
    }
}

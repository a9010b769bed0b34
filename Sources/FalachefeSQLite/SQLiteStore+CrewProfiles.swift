import FalachefeCore
import Foundation
import SQLiteNIO

/// Profile edits made by the support agent (`update_profile`) and the admin config API.
extension SQLiteStore {
    /// Sets the given fields of a user of the company; an unknown user (or one of another
    /// company) is `StoreError.notFound`.
    public func updateUserProfile(tenantID: String, userID: String, name: String?, email: String?) async throws {
        let changed = try await write { connection in
            try connection.execute(
                "UPDATE users SET name = coalesce(?, name), email = coalesce(?, email) WHERE company_id = ? AND id = ?",
                [.optionalText(name), .optionalText(email), .text(tenantID), .text(userID)]
            )
            return connection.changes()
        }
        if changed == 0 {
            throw StoreError.notFound("user \(userID) of tenant \(tenantID)")
        }
    }

    /// Replaces name and settings; an unknown company is `StoreError.notFound`.
    public func updateTenantProfile(tenantID: String, name: String, settings: TenantSettings) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        let changed = try await write { connection in
            try connection.execute(
                "UPDATE companies SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
                [.text(name), .text(encoded), .date(Date()), .text(tenantID)]
            )
            return connection.changes()
        }
        if changed == 0 {
            throw StoreError.notFound("tenant \(tenantID)")
        }
    }
}

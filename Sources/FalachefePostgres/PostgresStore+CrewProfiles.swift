import FalachefeCore
import Foundation
import PostgresNIO

/// Profile edits made by the support agent (`update_profile`) and the admin config API.
extension PostgresStore {
    /// Sets the given fields of a user of the company; an unknown user (or one of another
    /// company) is `StoreError.notFound`.
    public func updateUserProfile(tenantID: String, userID: String, name: String?, email: String?) async throws {
        let changed = try await rows(
            in: .tenant(tenantID),
            """
            UPDATE users SET name = coalesce(\(name)::text, name), email = coalesce(\(email)::text, email)
            WHERE company_id = \(tenantID) AND id = \(userID) RETURNING id
            """
        ) { try $0.text("id") }
        if changed.isEmpty {
            throw StoreError.notFound("user \(userID) of tenant \(tenantID)")
        }
    }

    /// Replaces name and settings; an unknown company is `StoreError.notFound`.
    public func updateTenantProfile(tenantID: String, name: String, settings: TenantSettings) async throws {
        let encoded = try JSONB(encoding: settings)
        let changed = try await rows(
            in: .tenant(tenantID),
            """
            UPDATE companies SET name = \(name), settings = \(encoded), updated_at = \(Date().timestamp)
            WHERE id = \(tenantID) RETURNING id
            """
        ) { try $0.text("id") }
        if changed.isEmpty {
            throw StoreError.notFound("tenant \(tenantID)")
        }
    }
}

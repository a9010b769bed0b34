import FalachefeCore
import Foundation
import SQLiteNIO

/// Companies, their instance and their default crew.
extension SQLiteStore {
    private static let tenantColumns = "id, slug, name, status, paused_reason, settings, created_at"

    public func createTenant(_ tenant: Tenant, instance: Instance) async throws {
        guard tenant.status != .quarantined else {
            throw StoreError.conflict("status quarantined is not persisted")
        }
        let settings = String(decoding: try JSONEncoder().encode(tenant.settings), as: UTF8.self)
        let agents = try CrewAgentProfile.defaults.map { agent in
            (agent, try SQLiteJSON.encode(agent.tools), try SQLiteJSON.encode(agent.config))
        }
        let now = SQLiteData.date(tenant.createdAt)
        try await write { connection in
            do {
                try connection.execute(
                    """
                    INSERT INTO companies (id, slug, name, status, paused_reason, settings, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(tenant.id), .text(tenant.slug), .text(tenant.name), .text(tenant.status.rawValue),
                     .optionalText(tenant.pausedReason), .text(settings), now, now]
                )
                try connection.execute(
                    "INSERT INTO uaz_instances (company_id, owner, token, base_url, created_at) VALUES (?, ?, ?, ?, ?)",
                    [.text(tenant.id), .text(instance.owner), .text(instance.token), .text(instance.baseURL), now]
                )
            } catch let error as SQLiteFailure where error.isUniqueViolation {
                throw StoreError.conflict(Self.conflictSubject(error.message, tenant: tenant, instance: instance))
            }
            let crewID = UUID().uuidString.lowercased()
            try connection.execute(
                "INSERT INTO crews (id, company_id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [.text(crewID), .text(tenant.id), .text(DefaultCrew.name), .text(DefaultCrew.description), now, now]
            )
            for (agent, tools, config) in agents {
                try connection.execute(
                    """
                    INSERT INTO crew_agents (id, crew_id, name, role, goal, backstory, tools, status, config,
                                             created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [.text(UUID().uuidString.lowercased()), .text(crewID), .text(agent.name), .text(agent.role.rawValue),
                     .text(agent.goal), .text(agent.backstory), .text(tools), .text(agent.status.rawValue),
                     .text(config), now, now]
                )
            }
        }
    }

    /// Names what collided, from SQLite's "UNIQUE constraint failed: table.column" message.
    private static func conflictSubject(_ message: String, tenant: Tenant, instance: Instance) -> String {
        if message.contains("companies.slug") { return "slug \(tenant.slug) is taken" }
        if message.contains("uaz_instances.owner") { return "instance owner \(PhoneNumber.mask(instance.owner)) is taken" }
        if message.contains("companies.id") { return "tenant id \(tenant.id) exists" }
        return "tenant \(tenant.slug) conflicts: \(message)"
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await read("SELECT \(Self.tenantColumns) FROM companies WHERE id = ?", [.text(id)], decode: Self.decodeTenant).first
    }

    public func tenant(slugOrID: String) async throws -> Tenant? {
        try await read(
            "SELECT \(Self.tenantColumns) FROM companies WHERE slug = ?1 OR id = ?1 ORDER BY slug = ?1 DESC LIMIT 1",
            [.text(slugOrID)], decode: Self.decodeTenant
        ).first
    }

    public func tenants() async throws -> [Tenant] {
        try await read("SELECT \(Self.tenantColumns) FROM companies ORDER BY created_at, id", [], decode: Self.decodeTenant)
    }

    /// Persists `active`, `paused` or `disabled`. `quarantined` lives only in the registry
    /// and is refused with `StoreError.conflict`; an unknown tenant is `StoreError.notFound`.
    public func setStatus(tenantID: String, status: TenantStatus, reason: String?) async throws {
        guard status != .quarantined else {
            throw StoreError.conflict("status quarantined is not persisted")
        }
        let changed = try await write { connection in
            try connection.execute(
                "UPDATE companies SET status = ?, paused_reason = ?, updated_at = ? WHERE id = ?",
                [.text(status.rawValue), .optionalText(reason), .date(Date()), .text(tenantID)]
            )
            return connection.changes()
        }
        if changed == 0 { throw StoreError.notFound("tenant \(tenantID)") }
    }

    public func instance(owner: String) async throws -> Instance? {
        try await read(
            "SELECT company_id, owner, token, base_url FROM uaz_instances WHERE owner = ?", [.text(owner)],
            decode: Self.decodeInstance
        ).first
    }

    public func instance(tenantID: String) async throws -> Instance? {
        try await read(
            "SELECT company_id, owner, token, base_url FROM uaz_instances WHERE company_id = ?", [.text(tenantID)],
            decode: Self.decodeInstance
        ).first
    }

    @Sendable private static func decodeTenant(_ row: SQLiteValues) throws -> Tenant {
        let settings = try JSONDecoder().decode(TenantSettings.self, from: Data(try row.text("settings").utf8))
        return Tenant(
            id: try row.text("id"), slug: try row.text("slug"), name: try row.text("name"),
            status: try row.decode(TenantStatus.self, "status"), pausedReason: row.optionalText("paused_reason"),
            settings: settings, createdAt: try row.date("created_at")
        )
    }

    @Sendable private static func decodeInstance(_ row: SQLiteValues) throws -> Instance {
        Instance(
            tenantID: try row.text("company_id"), owner: try row.text("owner"), token: try row.text("token"),
            baseURL: try row.text("base_url")
        )
    }
}

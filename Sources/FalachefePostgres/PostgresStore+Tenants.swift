import FalachefeCore
import Foundation
import PostgresNIO

/// Companies, their instance and their default crew.
extension PostgresStore {
    private static let tenantColumns = "id, slug, name, status, paused_reason, settings, created_at"

    /// Creates the company, its instance and its default crew (`CrewAgentProfile.defaults`
    /// with ids of their own) in one transaction. A taken slug, owner or id is a conflict
    /// and writes nothing.
    public func createTenant(_ tenant: Tenant, instance: Instance) async throws {
        guard tenant.status != .quarantined else {
            throw StoreError.conflict("status quarantined is not persisted")
        }
        let settings = try JSONB(encoding: tenant.settings)
        let agents = try CrewAgentProfile.defaults.map { ($0, try JSONB(encoding: $0.tools), try JSONB(encoding: $0.config)) }
        let now = tenant.createdAt.timestamp
        let logger = logger
        try await transaction(in: .tenant(tenant.id)) { connection in
            do {
                try await connection.execute(
                    """
                    INSERT INTO companies (id, slug, name, status, paused_reason, settings, created_at, updated_at)
                    VALUES (\(tenant.id), \(tenant.slug), \(tenant.name), \(tenant.status.rawValue),
                            \(tenant.pausedReason), \(settings), \(now), \(now))
                    """, logger: logger)
                try await connection.execute(
                    """
                    INSERT INTO uaz_instances (company_id, owner, token, base_url, created_at)
                    VALUES (\(tenant.id), \(instance.owner), \(instance.token), \(instance.baseURL), \(now))
                    """, logger: logger)
            } catch let error as PSQLError where error.isUniqueViolation {
                throw StoreError.conflict(Self.conflictSubject(error.constraint, tenant: tenant, instance: instance))
            }
            let crewID = UUID().uuidString.lowercased()
            try await connection.execute(
                """
                INSERT INTO crews (id, company_id, name, description, created_at, updated_at)
                VALUES (\(crewID), \(tenant.id), \(DefaultCrew.name), \(DefaultCrew.description), \(now), \(now))
                """, logger: logger)
            for (agent, tools, config) in agents {
                try await connection.execute(
                    """
                    INSERT INTO crew_agents (id, crew_id, name, role, goal, backstory, tools, status, config,
                                             created_at, updated_at)
                    VALUES (\(UUID().uuidString.lowercased()), \(crewID), \(agent.name), \(agent.role.rawValue),
                            \(agent.goal), \(agent.backstory), \(tools), \(agent.status.rawValue), \(config),
                            \(now), \(now))
                    """, logger: logger)
            }
        }
    }

    /// Names what collided, from the constraint the server reported.
    private static func conflictSubject(_ constraint: String?, tenant: Tenant, instance: Instance) -> String {
        switch constraint {
        case "companies_slug_key": "slug \(tenant.slug) is taken"
        case "uaz_instances_owner_key": "instance owner \(PhoneNumber.mask(instance.owner)) is taken"
        case "companies_pkey": "tenant id \(tenant.id) exists"
        case "uaz_instances_company_id_key": "tenant \(tenant.id) already has an instance"
        default: "tenant \(tenant.slug) conflicts on \(constraint ?? "a unique constraint")"
        }
    }

    public func tenant(id: String) async throws -> Tenant? {
        try await rows(
            in: .tenant(id),
            "SELECT \(unescaped: Self.tenantColumns) FROM companies WHERE id = \(id)", decode: Self.decodeTenant
        ).first
    }

    /// Finds a tenant by slug, or by id; a slug match wins over an id match.
    public func tenant(slugOrID: String) async throws -> Tenant? {
        try await rows(
            in: .allTenants,
            """
            SELECT \(unescaped: Self.tenantColumns) FROM companies WHERE slug = \(slugOrID) OR id = \(slugOrID)
            ORDER BY slug = \(slugOrID) DESC LIMIT 1
            """,
            decode: Self.decodeTenant
        ).first
    }

    public func tenants() async throws -> [Tenant] {
        try await rows(
            in: .allTenants,
            "SELECT \(unescaped: Self.tenantColumns) FROM companies ORDER BY created_at, id", decode: Self.decodeTenant
        )
    }

    /// Persists `active`, `paused` or `disabled`. `quarantined` lives only in the registry
    /// and is refused with `StoreError.conflict`; an unknown tenant is `StoreError.notFound`.
    public func setStatus(tenantID: String, status: TenantStatus, reason: String?) async throws {
        guard status != .quarantined else {
            throw StoreError.conflict("status quarantined is not persisted")
        }
        let changed = try await rows(
            in: .tenant(tenantID),
            """
            UPDATE companies SET status = \(status.rawValue), paused_reason = \(reason), updated_at = \(Date().timestamp)
            WHERE id = \(tenantID) RETURNING id
            """
        ) { try $0.text("id") }
        if changed.isEmpty { throw StoreError.notFound("tenant \(tenantID)") }
    }

    public func instance(owner: String) async throws -> Instance? {
        try await rows(
            in: .allTenants,
            "SELECT company_id, owner, token, base_url FROM uaz_instances WHERE owner = \(owner)",
            decode: Self.decodeInstance
        ).first
    }

    public func instance(tenantID: String) async throws -> Instance? {
        try await rows(
            in: .tenant(tenantID),
            "SELECT company_id, owner, token, base_url FROM uaz_instances WHERE company_id = \(tenantID)",
            decode: Self.decodeInstance
        ).first
    }

    private static func decodeTenant(_ row: Row) throws -> Tenant {
        Tenant(
            id: try row.text("id"), slug: try row.text("slug"), name: try row.text("name"),
            status: try row.decode(TenantStatus.self, "status"), pausedReason: try row.optionalText("paused_reason"),
            settings: try row.json(TenantSettings.self, "settings"), createdAt: try row.date("created_at")
        )
    }

    private static func decodeInstance(_ row: Row) throws -> Instance {
        Instance(
            tenantID: try row.text("company_id"), owner: try row.text("owner"), token: try row.text("token"),
            baseURL: try row.text("base_url")
        )
    }
}

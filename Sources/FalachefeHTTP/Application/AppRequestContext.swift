import Hummingbird

/// The request context of every route: Hummingbird's core storage plus the admin identity
/// set by `AdminAuthMiddleware`.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: AdminIdentity?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }

    /// Webhook bodies above 1 MiB are refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}

/// Who is calling the admin API.
public struct AdminIdentity: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable {
        case superadmin
        case admin
        case user
    }

    public var name: String
    public var role: Role
    /// The company a non-superadmin token belongs to.
    public var tenantID: String?

    public init(name: String, role: Role, tenantID: String?) {
        self.name = name
        self.role = role
        self.tenantID = tenantID
    }

    /// Whether this identity may read (`write == false`) or change the company.
    public func may(access tenantID: String, write: Bool) -> Bool {
        switch role {
        case .superadmin: true
        case .admin: self.tenantID == tenantID
        case .user: !write && self.tenantID == tenantID
        }
    }
}

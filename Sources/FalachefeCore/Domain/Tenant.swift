import Foundation

/// A company served by Falachefe. Its mutable runtime state lives in its `TenantActor`;
/// this value is what the store persists and what crosses actor boundaries.
public struct Tenant: Sendable, Hashable, Codable {
    public var id: String
    public var slug: String
    public var name: String
    public var status: TenantStatus
    public var pausedReason: String?
    public var settings: TenantSettings
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(),
        slug: String,
        name: String,
        status: TenantStatus = .active,
        pausedReason: String? = nil,
        settings: TenantSettings = TenantSettings(),
        createdAt: Date = Date()
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.status = status
        self.pausedReason = pausedReason
        self.settings = settings
        self.createdAt = createdAt
    }
}

/// The lifecycle status of a tenant. `active`, `paused` and `disabled` are persisted;
/// `quarantined` is set by the registry's supervisor and lasts until the restart.
public enum TenantStatus: String, Sendable, Codable, CaseIterable {
    case active
    case paused
    case quarantined
    case disabled
}

/// Validation of a tenant slug: lowercase letters, digits and dashes, 2–63 characters.
public enum TenantSlug {
    public static func isValid(_ slug: String) -> Bool {
        guard (2...63).contains(slug.count), let first = slug.first, first != "-" else { return false }
        return slug.allSatisfy { ($0.isLetter && $0.isASCII && $0.isLowercase) || ($0.isNumber && $0.isASCII) || $0 == "-" }
    }
}

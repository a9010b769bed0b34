import Foundation

/// A person registered as a user of a company. Only registered users reach company data.
public struct CompanyUser: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Codable, CaseIterable {
        case admin
        case user
    }

    public var id: String
    public var tenantID: String
    public var name: String
    /// Normalised phone digits (see `PhoneNumber.normalize`).
    public var phone: String
    public var role: Role
    /// Set by the user through the support agent (`update_profile`).
    public var email: String?
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(),
        tenantID: String,
        name: String,
        phone: String,
        role: Role,
        email: String? = nil,
        createdAt: Date = Date()
    ) {
        self.email = email
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.phone = phone
        self.role = role
        self.createdAt = createdAt
    }
}

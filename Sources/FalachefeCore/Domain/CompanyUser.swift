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
    public var createdAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(),
        tenantID: String,
        name: String,
        phone: String,
        role: Role,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.phone = phone
        self.role = role
        self.createdAt = createdAt
    }
}

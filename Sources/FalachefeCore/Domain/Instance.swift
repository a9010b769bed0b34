import Foundation

/// A UAZ (uazapi) instance: one connected WhatsApp number (`owner`) and the token that
/// authenticates both its webhooks and our sends. The token is a secret: this type's
/// `description` never prints it.
public struct Instance: Sendable, Hashable, Codable, CustomStringConvertible {
    public var tenantID: String
    /// The connected number, digits only.
    public var owner: String
    public var token: String
    /// Where replies are sent. Never taken from a webhook payload.
    public var baseURL: String

    public init(tenantID: String, owner: String, token: String, baseURL: String) {
        self.tenantID = tenantID
        self.owner = owner
        self.token = token
        self.baseURL = baseURL
    }

    public var description: String {
        "Instance(tenant: \(tenantID), owner: \(PhoneNumber.mask(owner)), baseURL: \(baseURL))"
    }
}

import Crypto
import Foundation

/// A company-scoped admin API token. Only its SHA-256 is stored; the token is shown once.
public struct AdminToken: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable {
        /// Reads and changes its own company.
        case admin
        /// Reads its own company.
        case user
    }

    public var hash: String
    public var tenantID: String
    public var role: Role
    public var name: String
    public var createdAt: Date

    public init(hash: String, tenantID: String, role: Role, name: String, createdAt: Date) {
        self.hash = hash
        self.tenantID = tenantID
        self.role = role
        self.name = name
        self.createdAt = createdAt
    }

    /// The stored form of a presented token.
    public static func hash(of token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A new random token (256 bits, URL-safe).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "fc_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

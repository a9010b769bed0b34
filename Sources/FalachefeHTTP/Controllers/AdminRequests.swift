import FalachefeCore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// A request body whose top-level keys are checked (`AdminRequests.decodeStrict`).
protocol StrictBody: Decodable {
    static var keys: Set<String> { get }
    /// Keys allowed inside the object-valued fields, by field.
    static var sectionKeys: [String: Set<String>] { get }
}

/// Bodies of admin requests, and their strict decoding (a bad body changes nothing).
enum AdminRequests {
    struct CreateTenant: Decodable {
        struct InstanceBody: Decodable {
            var owner: String
            var token: String
            var baseUrl: String?
        }

        var slug: String
        var name: String
        var instance: InstanceBody
        var groups: Bool?
    }

    struct Pause: Decodable {
        var reason: String?
    }

    struct CreateToken: Decodable {
        var name: String
        var role: String?
    }

    struct AddUser: Decodable {
        var name: String
        var phone: String
        var role: String?
    }

    /// Decodes `T` from the body (at most 64 KiB). With `allowEmpty`, an empty body is nil.
    static func decode<T: Decodable>(
        _ type: T.Type, from request: Request, context: AppRequestContext, allowEmpty: Bool = false
    ) async throws -> T? {
        let body = try await collect(request)
        if body.readableBytes == 0, allowEmpty { return nil }
        return try decode(type, from: body)
    }

    /// Like `decode`, but a key `T` does not know — at the top level or inside one of its
    /// sections — is a 400, not silently ignored: an admin who mistypes a setting learns it
    /// instead of believing it applied.
    static func decodeStrict<T: StrictBody>(_ type: T.Type, from request: Request, context: AppRequestContext) async throws -> T? {
        let body = try await collect(request)
        guard body.readableBytes > 0 else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw APIError.badRequest("body must be a JSON object")
        }
        var unknown = Set(object.keys).subtracting(T.keys).sorted()
        for (section, keys) in T.sectionKeys.sorted(by: { $0.key < $1.key }) {
            guard let nested = object[section] as? [String: Any] else { continue }
            unknown += Set(nested.keys).subtracting(keys).sorted().map { "\(section).\($0)" }
        }
        guard unknown.isEmpty else { throw APIError.badRequest("unknown fields: \(unknown.joined(separator: ", "))") }
        return try decode(type, from: body)
    }

    private static func collect(_ request: Request) async throws -> ByteBuffer {
        var request = request
        do {
            return try await request.collectBody(upTo: 64 * 1024)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", "body above 64 KiB")
        }
    }

    private static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError.badRequest("missing field '\(key.stringValue)'")
        } catch DecodingError.typeMismatch(_, let context) {
            throw APIError.badRequest("wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw APIError.badRequest("malformed JSON body")
        }
    }

    /// A trimmed name of `length` characters, or a 400 naming the field.
    static func name(_ raw: String, field: String = "name", length: ClosedRange<Int>) throws -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard length.contains(name.count) else {
            throw APIError.badRequest("\(field) must have \(length.lowerBound) to \(length.upperBound) characters")
        }
        return name
    }

    /// A company role (`admin`, default `user`) of a user or a token, or a 400.
    static func role<Role: RawRepresentable<String>>(_ raw: String?, as: Role.Type) throws -> Role {
        guard let role = Role(rawValue: raw ?? "user") else { throw APIError.badRequest("role must be 'admin' or 'user'") }
        return role
    }

    /// A usable UAZ base URL: http(s) with a host, no trailing slash.
    static func validBaseURL(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", components.host?.isEmpty == false
        else { return nil }
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error a client sees: a stable `code`, a generic message, the right status. Details
/// stay in the logs.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = (try? JSONEncoder().encode(["error": message, "code": code])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
    static let unauthorized = APIError(.unauthorized, code: "unauthorized", "missing or invalid credentials")
    static let forbidden = APIError(.forbidden, code: "forbidden", "this token cannot access that company")
    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", "\(what) not found") }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, code: "conflict", message) }
}

/// JSON answers with a status.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        make(body: ByteBuffer(bytes: try encoder.encode(value)), status: status, headers: headers)
    }

    /// A response with a body already encoded as JSON.
    static func make(body: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}

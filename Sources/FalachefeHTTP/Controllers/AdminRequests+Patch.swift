import Foundation

extension AdminRequests {
    /// A field of a partial update: left out (keep), `null` (clear) or a new value.
    enum Patch<Value: Decodable>: Decodable {
        case absent
        case null
        case value(Value)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            self = container.decodeNil() ? .null : .value(try container.decode(Value.self))
        }

        func applied(to current: Value?) -> Value? {
            switch self {
            case .absent: current
            case .null: nil
            case .value(let value): value
            }
        }
    }
}

extension KeyedDecodingContainer {
    /// A `Patch`: `.absent` when the key is missing.
    func patch<Value: Decodable>(_ key: Key) throws -> AdminRequests.Patch<Value> {
        contains(key) ? try decode(AdminRequests.Patch<Value>.self, forKey: key) : .absent
    }
}

import FalachefeCore
import Foundation

/// Short-lived key-values (verification codes, session cache): `SET PX`, `GET`, `DEL`
/// under `<prefix>kv:`. Unlike the other calls these cannot degrade — a code that was
/// not stored cannot be checked — so they throw `CoordinatorError.unavailable`.
extension RedisCoordinator {
    public func put(_ key: String, value: String, ttl: TimeInterval) async throws {
        let milliseconds = max(Int((ttl * 1000).rounded(.up)), 1)
        _ = try await keyValue { try await client.send(["SET", valueKey(key), value, "PX", String(milliseconds)]) }
    }

    public func value(for key: String) async throws -> String? {
        let reply = try await keyValue { try await client.send(["GET", valueKey(key)]) }
        return reply.isNull ? nil : reply.string
    }

    public func remove(_ key: String) async throws {
        _ = try await keyValue { try await client.send(["DEL", valueKey(key)]) }
    }

    /// `<prefix>kv:<key>`.
    public func valueKey(_ key: String) -> String {
        "\(keyPrefix)kv:\(key)"
    }

    private func keyValue<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw CoordinatorError.unavailable(String(describing: error))
        }
    }
}

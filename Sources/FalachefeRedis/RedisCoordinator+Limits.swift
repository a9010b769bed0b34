import Crypto
import FalachefeCore
import Foundation

/// Rate limits shared by every node, with GCRA (the generic cell rate algorithm).
///
/// A limit of `capacity` per `period` has the emission interval `T = period / capacity`
/// and the burst tolerance `τ = period − T`. Redis keeps one number per key, the
/// theoretical arrival time `TAT` (initially `now`). A take at `now` is allowed when
/// `now ≥ TAT − τ`, and then moves `TAT` to `max(TAT, now) + T`; otherwise it is limited
/// with `retryAfter = TAT − τ − now`. This is the token bucket of `TokenBucket` (a burst
/// of `capacity`, then one every `T`) in a single number, so check-and-update is one
/// short Lua script: atomic, one round trip, the key expiring (`PX`) when the bucket
/// would be full again.
///
/// `now` is the caller's clock in milliseconds, not Redis' `TIME`: tests with a manual
/// clock are deterministic, and nodes agree within their clock skew.
extension RedisCoordinator {
    static let gcraScript = """
        local now = tonumber(ARGV[1])
        local emission = tonumber(ARGV[2])
        local tolerance = tonumber(ARGV[3])
        local tat = tonumber(redis.call('GET', KEYS[1])) or now
        if tat < now then tat = now end
        local allow_at = tat - tolerance
        if now < allow_at then
          return {0, math.ceil(allow_at - now)}
        end
        local new_tat = tat + emission
        redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
        return {1, 0}
        """

    /// `EVALSHA` needs the script's SHA-1; Redis computes the same one on `EVAL`.
    static let gcraSHA = Insecure.SHA1.hash(data: Data(gcraScript.utf8))
        .map { String(format: "%02x", $0) }.joined()

    public func take(_ limit: SharedLimit, now: Date) async -> TokenBucket.Decision? {
        let period = max(limit.period, 0.001) * 1000
        let emission = period / Double(max(limit.capacity, 1))
        let arguments = [
            "1", limitKey(limit),
            String(Int64((now.timeIntervalSince1970 * 1000).rounded())),
            String(emission), String(period - emission),
        ]
        return await degrading(Operation.limit) {
            let reply: RedisValue
            do {
                reply = try await client.send(["EVALSHA", Self.gcraSHA] + arguments)
            } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
                // First use on this server (or it restarted): EVAL runs and caches it.
                reply = try await client.send(["EVAL", Self.gcraScript] + arguments)
            }
            guard let result = reply.array, result.count == 2,
                  let allowed = result[0].integer, let retryMilliseconds = result[1].integer
            else {
                throw RedisError.protocolError("the limit script answered \(reply)")
            }
            return allowed == 1 ? .allowed : .limited(retryAfter: Double(retryMilliseconds) / 1000)
        }
    }

    /// `<prefix>limit:<name>:<key>`.
    public func limitKey(_ limit: SharedLimit) -> String {
        "\(keyPrefix)limit:\(limit.name):\(limit.key)"
    }
}

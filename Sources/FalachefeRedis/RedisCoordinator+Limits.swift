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
/// would be full again. The intake's dedupe check and its two limits share that script and
/// that round trip (`admit`).
///
/// `now` is the caller's clock in milliseconds, not Redis' `TIME`: tests with a manual
/// clock are deterministic, and nodes agree within their clock skew.
extension RedisCoordinator {
    /// Admission in one round trip: `KEYS[1]` is a dedupe marker checked first when
    /// `ARGV[2]` is `1` (answer `{-1, 0}` when it exists, spending nothing); then for each
    /// further key the GCRA take above with its emission interval and tolerance from
    /// `ARGV[3…]` in pairs, stopping at the first limit that refuses (`{index, retry ms}`,
    /// index from 1 over the limits); `{0, 0}` when every limit allowed.
    static let admissionScript = """
        local now = tonumber(ARGV[1])
        if ARGV[2] == '1' and redis.call('EXISTS', KEYS[1]) == 1 then
          return {-1, 0}
        end
        for i = 2, #KEYS do
          local emission = tonumber(ARGV[2 * i - 1])
          local tolerance = tonumber(ARGV[2 * i])
          local tat = tonumber(redis.call('GET', KEYS[i])) or now
          if tat < now then tat = now end
          local allow_at = tat - tolerance
          if now < allow_at then
            return {i - 1, math.ceil(allow_at - now)}
          end
          local new_tat = tat + emission
          redis.call('SET', KEYS[i], string.format('%.17g', new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
        end
        return {0, 0}
        """

    /// `EVALSHA` needs the script's SHA-1; Redis computes the same one on `EVAL`.
    static let admissionSHA = Insecure.SHA1.hash(data: Data(admissionScript.utf8))
        .map { String(format: "%02x", $0) }.joined()

    public func take(_ limit: SharedLimit, now: Date) async -> TokenBucket.Decision? {
        await degrading(Operation.limit) {
            switch try await runAdmission(dedupeKey: nil, limits: [limit], now: now) {
            case .allowed, .seen: .allowed
            case .limited(_, let retryAfter): .limited(retryAfter: retryAfter)
            }
        }
    }

    public func admit(tenantID: String, messageID: String, limits: [SharedLimit], now: Date) async -> SharedVerdict? {
        await degrading(Operation.admission) {
            switch try await runAdmission(dedupeKey: dedupeKey(tenantID: tenantID, messageID: messageID), limits: limits, now: now) {
            case .seen: .seen
            case .allowed: .allowed
            case .limited(let index, _): .limited(limit: limits[index].name)
            }
        }
    }

    /// The script's answer.
    private enum AdmissionReply {
        case seen
        case allowed
        case limited(index: Int, retryAfter: TimeInterval)
    }

    private func runAdmission(dedupeKey: String?, limits: [SharedLimit], now: Date) async throws -> AdmissionReply {
        var arguments = [String(1 + limits.count), dedupeKey ?? limitKey(limits[0])]
        arguments += limits.map(limitKey)
        arguments += [String(Int64((now.timeIntervalSince1970 * 1000).rounded())), dedupeKey == nil ? "0" : "1"]
        for limit in limits {
            let period = max(limit.period, 0.001) * 1000
            let emission = period / Double(max(limit.capacity, 1))
            arguments += [String(emission), String(period - emission)]
        }
        let reply: RedisValue
        do {
            reply = try await client.send(["EVALSHA", Self.admissionSHA] + arguments)
        } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
            // First use on this server (or it restarted): EVAL runs and caches it.
            reply = try await client.send(["EVAL", Self.admissionScript] + arguments)
        }
        guard let result = reply.array, result.count == 2, let code = result[0].integer, let retry = result[1].integer,
              code >= -1, code <= limits.count
        else {
            throw RedisError.protocolError("the admission script answered \(reply)")
        }
        switch code {
        case -1: return .seen
        case 0: return .allowed
        default: return .limited(index: Int(code) - 1, retryAfter: Double(retry) / 1000)
        }
    }

    /// `<prefix>limit:<name>:<key>`.
    public func limitKey(_ limit: SharedLimit) -> String {
        "\(keyPrefix)limit:\(limit.name):\(limit.key)"
    }
}

import Contracts
import ServiceKit
import Foundation
import HTTPTypes
import Prometheus
import RedisKit

/// One rate limit: `limit` requests per `period`, all of which may come at once (the burst).
public struct RateLimit: Sendable, Equatable {
    public var limit: Int
    public var period: Duration

    public init(limit: Int, period: Duration) {
        self.limit = limit
        self.period = period
    }

    /// Parses `N/S` (N requests per S seconds), e.g. `20/60`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let limit = Int(parts[0]), let seconds = Int(parts[1]), limit > 0, limit <= 1_000_000, seconds > 0, seconds <= 86_400 else {
            return nil
        }
        self.init(limit: limit, period: .seconds(seconds))
    }
}

/// The generic cell rate algorithm in one Redis script, so a limit holds across every gateway
/// replica: each key stores its theoretical arrival time; a request is allowed when that time,
/// pushed one emission interval on, stays within the burst window. Redis' own clock is used, so
/// replicas need no clock agreement.
/// The per-user API limit: a default, and more generous (or tighter) ones for some roles; a caller
/// gets the most generous limit among their roles.
public struct APILimits: Sendable, Equatable {
    public var standard: RateLimit
    public var byRole: [String: RateLimit]

    public init(standard: RateLimit, byRole: [String: RateLimit] = [:]) {
        self.standard = standard
        self.byRole = byRole
    }

    /// Parses `role=N/SECONDS,…`; `nil` when malformed.
    public static func roles(_ text: String) -> [String: RateLimit]? {
        var limits: [String: RateLimit] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, Role(rawValue: parts[0]) != nil, let limit = RateLimit(parts[1]) else { return nil }
            limits[parts[0]] = limit
        }
        return limits
    }

    /// The limit for a caller with `roles`.
    public func limit(for roles: [String]) -> RateLimit {
        let candidates = [standard] + roles.compactMap { byRole[$0] }
        return candidates.max { Double($0.limit) / Double($0.period.components.seconds) < Double($1.limit) / Double($1.period.components.seconds) } ?? standard
    }
}

public struct RateLimiter: Sendable {
    let redis: RedisClient
    /// `gateway_rate_limit_rejections_total{kind}` by kind (`auth`, `api`, `upload`), exported from zero.
    let rejections: [String: Counter]

    public init(redis: RedisClient, registry: PrometheusCollectorRegistry? = nil) {
        self.redis = redis
        rejections = Dictionary(uniqueKeysWithValues: (registry.map { registry in
            ["auth", "api", "upload"].map { ($0, registry.makeCounter(name: "gateway_rate_limit_rejections_total", labels: [("kind", $0)])) }
        } ?? []))
    }

    /// Counts a request refused by the limit of `kind`.
    func rejected(_ kind: String) { rejections[kind]?.increment() }

    /// The outcome of one request against a limit.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        public var limit: Int
        public var remaining: Int
        /// Milliseconds until a request would be allowed (0 when allowed).
        public var retryAfterMilliseconds: Int
        /// Milliseconds until the limit is whole again.
        public var resetMilliseconds: Int

        /// `Retry-After` and the `RateLimit-*` headers.
        public var headers: HTTPFields {
            var fields: HTTPFields = [
                .rateLimitLimit: String(limit),
                .rateLimitRemaining: String(remaining),
                .rateLimitReset: String((resetMilliseconds + 999) / 1000),
            ]
            if !allowed { fields[.retryAfter] = String(max(1, (retryAfterMilliseconds + 999) / 1000)) }
            return fields
        }
    }

    static let script = RedisScript(name: "gcra", source: """
        local now_parts = redis.call('TIME')
        local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local window = interval * burst
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local new_tat = tat + interval
        if new_tat - now > window then
            return {0, 0, new_tat - now - window, tat - now}
        end
        redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, new_tat - now))
        return {1, math.floor((window - (new_tat - now)) / interval), 0, new_tat - now}
        """)

    /// Counts one request under `key` against `limit`.
    public func check(key: String, limit: RateLimit) async throws -> Decision {
        let periodMilliseconds = Int(limit.period.components.seconds) * 1000
        let interval = max(1, periodMilliseconds / limit.limit)
        let reply = try await redis.evaluate(Self.script, keys: ["ratelimit:" + key], arguments: [RESPArgument(interval), RESPArgument(limit.limit)])
        let values = reply.array?.compactMap(\.integer).map(Int.init) ?? []
        guard values.count == 4 else { throw RateLimiterError() }
        return Decision(allowed: values[0] == 1, limit: limit.limit, remaining: values[1], retryAfterMilliseconds: values[2], resetMilliseconds: values[3])
    }

    struct RateLimiterError: Error, CustomStringConvertible {
        var description: String { "the rate-limit script answered in an unexpected shape" }
    }
}

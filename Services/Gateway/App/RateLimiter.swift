import Contracts
import ServiceKit
import Foundation
import HTTPTypes
import Prometheus
import RedisKit
import Synchronization

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
    let leases = Leases()
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

    /// GCRA taking up to `ARGV[3]` requests' worth at once: it grants as many as the burst window
    /// has room for (none when it has none) and answers {granted, remaining after them, retry after
    /// ms, reset ms}. Asked for one, it is exactly one request's check.
    static let script = RedisScript(name: "gcra-n", source: """
        local now_parts = redis.call('TIME')
        local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local window = interval * burst
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local available = math.floor((now + window - tat) / interval)
        if available < 1 then
            return {0, 0, tat + interval - now - window, tat - now}
        end
        local granted = math.min(wanted, available)
        local new_tat = tat + granted * interval
        redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, new_tat - now))
        return {granted, available - granted, 0, new_tat - now}
        """)

    /// How many requests' worth one trip to Redis takes for `limit`: one (every request checked in
    /// Redis) below 400 requests per period, then up to 32 for generous limits, where a few unspent
    /// ones matter little. They are taken from Redis before they are spent, so a lease never lets a
    /// caller past the limit; it can only refuse a little early (by at most the lease less one per
    /// replica, for at most ``leaseLifetime``).
    static func leaseSize(for limit: RateLimit) -> Int { max(1, min(32, limit.limit / 200)) }

    /// How long a replica keeps requests' worth it took but has not spent.
    static let leaseLifetime: Duration = .seconds(1)

    /// Counts one request under `key` against `limit`: from this replica's lease when it holds one,
    /// else in Redis.
    public func check(key: String, limit: RateLimit) async throws -> Decision {
        let size = Self.leaseSize(for: limit)
        if size > 1, let decision = leases.spend(key, limit: limit) { return decision }
        let periodMilliseconds = Int(limit.period.components.seconds) * 1000
        let interval = max(1, periodMilliseconds / limit.limit)
        let reply = try await redis.evaluate(
            Self.script, keys: ["ratelimit:" + key], arguments: [RESPArgument(interval), RESPArgument(limit.limit), RESPArgument(size)])
        let values = reply.array?.compactMap(\.integer).map(Int.init) ?? []
        guard values.count == 4 else { throw RateLimiterError() }
        let granted = values[0]
        if granted > 1 { leases.store(key, tokens: granted - 1, remaining: values[1], resetMilliseconds: values[3]) }
        return Decision(allowed: granted >= 1, limit: limit.limit, remaining: values[1] + max(0, granted - 1),
                        retryAfterMilliseconds: values[2], resetMilliseconds: values[3])
    }

    struct RateLimiterError: Error, CustomStringConvertible {
        var description: String { "the rate-limit script answered in an unexpected shape" }
    }
}

/// Requests' worth this replica took from Redis and has not spent yet, by limit key.
final class Leases: Sendable {
    struct Lease {
        var tokens: Int
        let remaining: Int
        let resetMilliseconds: Int
        let until: ContinuousClock.Instant
    }

    private let state = Mutex([String: Lease]())

    /// One request from the lease of `key`, or `nil` when none is left (then ask Redis).
    func spend(_ key: String, limit: RateLimit) -> RateLimiter.Decision? {
        let now = ContinuousClock.now
        return state.withLock { leases in
            guard var lease = leases[key] else { return nil }
            guard now < lease.until, lease.tokens > 0 else {
                leases[key] = nil
                return nil
            }
            lease.tokens -= 1
            leases[key] = lease.tokens > 0 ? lease : nil
            return RateLimiter.Decision(allowed: true, limit: limit.limit, remaining: lease.remaining + lease.tokens,
                                        retryAfterMilliseconds: 0, resetMilliseconds: lease.resetMilliseconds)
        }
    }

    /// Keeps `tokens` requests' worth for `key` for ``RateLimiter/leaseLifetime``.
    func store(_ key: String, tokens: Int, remaining: Int, resetMilliseconds: Int) {
        let now = ContinuousClock.now
        state.withLock { leases in
            if leases.count >= 50_000 { leases = leases.filter { now < $0.value.until } }
            leases[key] = Lease(tokens: tokens, remaining: remaining, resetMilliseconds: resetMilliseconds, until: now + RateLimiter.leaseLifetime)
        }
    }
}

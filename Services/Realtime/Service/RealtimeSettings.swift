import Contracts
import Foundation
import RedisKit
import ServiceKit

/// Configuration of the `realtime` service.
///
/// Reads the shared variables, `REDIS_*`, and: `AUTH_URL` (where auth answers: the JWKS and the
/// service tokens), `AUTH_ISSUER`/`AUTH_AUDIENCE`, `CONVERSION_URL` (asked whether a user may read
/// a conversion's channel), `SERVICE_CLIENT_SECRET` (required, ≥ 32 characters: realtime's client
/// secret for service tokens), `REALTIME_INSTANCE` (this replica's name in `ready`, default
/// `realtime@HOST:PORT`) and the socket limits:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `WS_AUTH_TIMEOUT_SECONDS` | 5 | the `auth` message must arrive within this |
/// | `WS_MAX_SOCKETS_PER_USER` | 10 | open sockets per user, across every replica |
/// | `WS_MAX_MESSAGE_BYTES` | 16384 | a larger message gets `error` `message_too_large`; 4× this closes 1009 |
/// | `WS_RATE_PER_SECOND` / `WS_RATE_BURST` | 20 / 40 | client messages per connection (token bucket) |
/// | `WS_MAX_STRIKES` | 10 | refused messages (rate, size, malformed, unknown) before a close 1008 |
/// | `WS_OUTBOUND_QUEUE` | 1024 | messages queued for a client; more closes it 1013 (slow consumer) |
/// | `WS_IDLE_TIMEOUT_SECONDS` | 300 | no client message for this long closes the socket 1000 |
/// | `WS_PING_SECONDS` | 20 | protocol ping interval; a missing pong closes the socket |
/// | `WS_MAX_SUBSCRIPTIONS` | 100 | channels per connection |
/// | `WS_CURSOR_PER_SECOND` | 10 | cursor/presence updates forwarded per connection (more are dropped) |
/// | `WS_ACCESS_CACHE_SECONDS` | 10 | how long a channel authorization answer is cached |
public struct RealtimeSettings: ServiceSettings {
    public var standard: StandardSettings
    public var authURL: String
    public var conversionURL: String
    public var issuer: String
    public var audience: String
    public var serviceSecret: String
    public var instance: String
    public var limits: SocketLimits

    public var common: ServiceConfiguration { standard.common }

    public init(standard: StandardSettings, authURL: String, conversionURL: String, serviceSecret: String,
                issuer: String = "modporter-auth", audience: String = "modporter", instance: String = "realtime", limits: SocketLimits = SocketLimits()) {
        self.standard = standard
        self.authURL = authURL
        self.conversionURL = conversionURL
        self.serviceSecret = serviceSecret
        self.issuer = issuer
        self.audience = audience
        self.instance = instance
        self.limits = limits
    }

    public init(environment: EnvironmentReader) throws {
        standard = try StandardSettings(service: .realtime, environment: environment)
        authURL = try Self.url("AUTH_URL", environment)
        conversionURL = try Self.url("CONVERSION_URL", environment)
        issuer = environment.string("AUTH_ISSUER", default: "modporter-auth")
        audience = environment.string("AUTH_AUDIENCE", default: "modporter")
        serviceSecret = try environment.required("SERVICE_CLIENT_SECRET")
        guard serviceSecret.utf8.count >= 32 else { throw ConfigurationError(variable: "SERVICE_CLIENT_SECRET", problem: "must hold at least 32 characters") }
        let common = standard.common
        instance = environment.string("REALTIME_INSTANCE", default: "realtime@\(common.host):\(common.port)")
        limits = try SocketLimits(environment: environment)
    }

    static func url(_ name: String, _ environment: EnvironmentReader) throws -> String {
        let url = try environment.required(name)
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.hasSuffix("/") else {
            throw ConfigurationError(variable: name, problem: "must be an http(s) URL without a trailing slash")
        }
        return url
    }
}

/// The per-socket limits (see ``RealtimeSettings`` for the variables).
public struct SocketLimits: Sendable {
    public var authTimeout: Duration = .seconds(5)
    public var maxSocketsPerUser = 10
    public var maxMessageBytes = 16_384
    public var ratePerSecond = 20
    public var rateBurst = 40
    public var maxStrikes = 10
    public var outboundQueue = 1_024
    public var idleTimeout: Duration = .seconds(300)
    public var pingInterval: Duration = .seconds(20)
    public var maxSubscriptions = 100
    public var cursorPerSecond = 10
    public var accessCache: Duration = .seconds(10)

    public init() {}

    public init(environment: EnvironmentReader) throws {
        authTimeout = .seconds(try environment.integer("WS_AUTH_TIMEOUT_SECONDS", default: 5, in: 1...60))
        maxSocketsPerUser = try environment.integer("WS_MAX_SOCKETS_PER_USER", default: 10, in: 1...1_000_000)
        maxMessageBytes = try environment.integer("WS_MAX_MESSAGE_BYTES", default: 16_384, in: 256...(1 << 20))
        ratePerSecond = try environment.integer("WS_RATE_PER_SECOND", default: 20, in: 1...10_000)
        rateBurst = try environment.integer("WS_RATE_BURST", default: 40, in: 1...100_000)
        maxStrikes = try environment.integer("WS_MAX_STRIKES", default: 10, in: 1...10_000)
        outboundQueue = try environment.integer("WS_OUTBOUND_QUEUE", default: 1_024, in: 8...1_000_000)
        idleTimeout = .seconds(try environment.integer("WS_IDLE_TIMEOUT_SECONDS", default: 300, in: 5...86_400))
        pingInterval = .seconds(try environment.integer("WS_PING_SECONDS", default: 20, in: 1...3_600))
        maxSubscriptions = try environment.integer("WS_MAX_SUBSCRIPTIONS", default: 100, in: 1...10_000)
        cursorPerSecond = try environment.integer("WS_CURSOR_PER_SECOND", default: 10, in: 1...1_000)
        accessCache = .seconds(try environment.integer("WS_ACCESS_CACHE_SECONDS", default: 10, in: 0...3_600))
    }
}

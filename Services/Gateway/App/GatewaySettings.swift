import Contracts
import Foundation
import RedisKit
import ServiceKit

/// Configuration of the `gateway` service.
///
/// Reads the shared variables, `REDIS_*`, `HEALTH_TARGETS` (every service process the platform
/// health endpoint reports, the gateway replicas included; see ``HealthTarget/parseList(_:variable:)``),
/// and the front door's: `AUTH_URL` (where auth answers, e.g. `http://127.0.0.1:8081/auth`),
/// `AUTH_ISSUER`/`AUTH_AUDIENCE` (as auth signs them), `TRUSTED_PROXIES` (peers whose
/// `X-Forwarded-For` is believed: addresses or CIDR blocks; default loopback), `RATE_LIMIT_AUTH` (per client address on
/// register/login/refresh, `N/seconds`, default `20/60`), `RATE_LIMIT_API_BY_ROLE` (per-role API limits,
/// `role=N/SECONDS,…`; the most generous of a caller's roles applies) and `RATE_LIMIT_API` (per user, default
/// `600/60`), `CORS_ALLOWED_ORIGINS` (comma-separated origins such as `https://modporter.example`
/// that browsers may call the API from; default none: same origin only), and `SERVICE_CLIENT_SECRET` (required: the gateway's client secret, which auth trades
/// for the service tokens its internal calls carry).
public struct GatewaySettings: ServiceSettings {
    public var standard: StandardSettings
    public var healthTargets: [HealthTarget]
    public var authURL: String
    public var issuer: String
    public var audience: String
    public var trustedProxies: TrustedProxies
    public var authLimit: RateLimit
    public var apiLimit: RateLimit
    /// `RATE_LIMIT_API_BY_ROLE`: per-role API limits (`creator=1200/60,admin=3000/60`).
    public var apiLimitsByRole: [String: RateLimit] = [:]
    public var serviceSecret: String
    public var corsOrigins: Set<String>
    /// `CONVERSION_URL`: where the conversion service answers (e.g. `http://127.0.0.1:8081/conversion`).
    public var conversionURL: String?
    /// `AI_ENGINE_URL`: where the ai-engine answers (e.g. `http://127.0.0.1:8081/ai-engine`); without
    /// it the `/api/v1/ai/*` routes are not served.
    public var aiEngineURL: String?
    /// `RATE_LIMIT_UPLOAD` (per user, default `60/3600`): uploads.
    public var uploadLimit = RateLimit(limit: 60, period: .seconds(3600))
    /// `SESSION_VIEW_SECONDS` (default 30, 0–300): the longest a session seen live stays in the
    /// replica's ``SessionView`` (ended sessions leave it at once, through `sessions:ended`); 0 asks
    /// Redis on every request.
    public var sessionViewLifetime: Duration = .seconds(30)

    public var common: ServiceConfiguration { standard.common }

    public init(
        standard: StandardSettings, healthTargets: [HealthTarget], authURL: String, issuer: String = "modporter-auth",
        audience: String = "modporter", trustedProxies: TrustedProxies = .loopback,
        authLimit: RateLimit = RateLimit(limit: 20, period: .seconds(60)), apiLimit: RateLimit = RateLimit(limit: 600, period: .seconds(60)),
        serviceSecret: String, corsOrigins: Set<String> = [], conversionURL: String? = nil, aiEngineURL: String? = nil
    ) {
        self.conversionURL = conversionURL
        self.aiEngineURL = aiEngineURL
        self.serviceSecret = serviceSecret
        self.corsOrigins = corsOrigins
        self.standard = standard
        self.healthTargets = healthTargets
        self.authURL = authURL
        self.issuer = issuer
        self.audience = audience
        self.trustedProxies = trustedProxies
        self.authLimit = authLimit
        self.apiLimit = apiLimit
    }

    public init(environment: EnvironmentReader) throws {
        standard = try StandardSettings(service: .gateway, environment: environment)
        healthTargets = try HealthTarget.parseList(environment.required("HEALTH_TARGETS"))
        let url = try environment.required("AUTH_URL")
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.hasSuffix("/") else {
            throw ConfigurationError(variable: "AUTH_URL", problem: "must be an http(s) URL without a trailing slash")
        }
        authURL = url
        issuer = environment.string("AUTH_ISSUER", default: "modporter-auth")
        audience = environment.string("AUTH_AUDIENCE", default: "modporter")
        trustedProxies = try TrustedProxies(environment.string("TRUSTED_PROXIES", default: "127.0.0.1,::1"))
        guard let auth = RateLimit(environment.string("RATE_LIMIT_AUTH", default: "20/60")) else {
            throw ConfigurationError(variable: "RATE_LIMIT_AUTH", problem: "must look like N/SECONDS, e.g. 20/60")
        }
        guard let api = RateLimit(environment.string("RATE_LIMIT_API", default: "600/60")) else {
            throw ConfigurationError(variable: "RATE_LIMIT_API", problem: "must look like N/SECONDS, e.g. 600/60")
        }
        authLimit = auth
        apiLimit = api
        guard let byRole = APILimits.roles(environment.string("RATE_LIMIT_API_BY_ROLE", default: "")) else {
            throw ConfigurationError(variable: "RATE_LIMIT_API_BY_ROLE", problem: "must look like role=N/SECONDS,…, e.g. admin=3000/60")
        }
        apiLimitsByRole = byRole
        corsOrigins = []
        for origin in environment.string("CORS_ALLOWED_ORIGINS", default: "").split(separator: ",") {
            let trimmed = origin.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://"), !trimmed.hasSuffix("/"), trimmed != "*" else {
                throw ConfigurationError(variable: "CORS_ALLOWED_ORIGINS", problem: "each origin must look like https://host[:port], without a path")
            }
            corsOrigins.insert(trimmed)
        }
        let conversion = try environment.required("CONVERSION_URL")
        guard conversion.hasPrefix("http://") || conversion.hasPrefix("https://"), !conversion.hasSuffix("/") else {
            throw ConfigurationError(variable: "CONVERSION_URL", problem: "must be an http(s) URL without a trailing slash")
        }
        conversionURL = conversion
        if let ai = environment.optional("AI_ENGINE_URL") {
            guard ai.hasPrefix("http://") || ai.hasPrefix("https://"), !ai.hasSuffix("/") else {
                throw ConfigurationError(variable: "AI_ENGINE_URL", problem: "must be an http(s) URL without a trailing slash")
            }
            aiEngineURL = ai
        }
        guard let upload = RateLimit(environment.string("RATE_LIMIT_UPLOAD", default: "60/3600")) else {
            throw ConfigurationError(variable: "RATE_LIMIT_UPLOAD", problem: "must look like N/SECONDS, e.g. 60/3600")
        }
        uploadLimit = upload
        sessionViewLifetime = .seconds(try environment.integer("SESSION_VIEW_SECONDS", default: 30, in: 0...300))
        serviceSecret = try environment.required("SERVICE_CLIENT_SECRET")
        guard serviceSecret.utf8.count >= 32 else { throw ConfigurationError(variable: "SERVICE_CLIENT_SECRET", problem: "must hold at least 32 characters") }
    }
}

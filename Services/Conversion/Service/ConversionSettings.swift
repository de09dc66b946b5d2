import Contracts
import Foundation
import ServiceKit

/// Configuration of the `conversion` service: the shared variables, PostgreSQL and Redis, and
///
/// - `ARTIFACT_DIR` (required): the artifact store's folder (uploads by SHA-256, results by cache key).
/// - `UPLOAD_MAX_BYTES` (default 104,857,600: 100 MiB): the largest upload; beyond it, 413 at once.
/// - `CONVERSION_WORKERS` (default 2, 0–16): workers per process (0: this replica only serves the API).
/// - `JOB_LEASE_SECONDS` (default 30), `JOB_TIME_LIMIT_SECONDS` (default 300), `JOB_MAX_ATTEMPTS`
///   (default 3): the queue's lease, per-job time limit and attempts before `failed`.
/// - `CONVERSION_STAGE_DELAY_MS` (default 0): a pause at each stage so tests and demos can watch the
///   stages advance; refused when `DEPLOYMENT_ENVIRONMENT` is `production`.
/// - `RETENTION_HOURS` (default 720: 30 days): when uploads, results and rows expire.
/// - `AUTH_URL`, `AUTH_ISSUER`: where the JWKS is fetched from, to verify service tokens.
/// - `QUOTA_CONVERSIONS_PER_DAY`, `QUOTA_MAX_JAR_BYTES`: per-role quotas (``ConversionQuotas``).
/// - `DOWNLOAD_LINK_SECRET` (required, at least 32 characters), `DOWNLOAD_LINK_TTL_SECONDS`
///   (default 300, 30–3,600): the key and lifetime of signed download links (``DownloadLinks``).
/// - `AI_ENGINE_URL` (optional): where the ai-engine answers; set, classes no rule covers are sent to
///   it and its suggestions join the report. Then `SERVICE_CLIENT_SECRET` (≥ 32 characters, the
///   conversion service's client secret at auth) is required; `AI_SUGGESTIONS_MAX` (default 64,
///   0–256) bounds the classes asked about per conversion.
public struct ConversionSettings: ServiceSettings {
    public var standard: StandardSettings
    /// The service's PostgreSQL role and database (`POSTGRES_*`).
    public var postgres: PostgresSettings
    public var artifactDirectory: String
    public var uploadLimit: Int
    public var workers: Int
    public var lease: Duration
    public var timeLimit: Duration
    public var maxAttempts: Int
    public var stageDelay: Duration
    public var retention: Duration
    public var authURL: String
    public var issuer: String
    public var quotas: ConversionQuotas
    public var downloadLinks: DownloadLinks
    public var aiEngineURL: String?
    public var serviceSecret: String?
    public var aiSuggestionsMax: Int

    public var common: ServiceConfiguration { standard.common }

    public init(environment: EnvironmentReader) throws {
        standard = try StandardSettings(service: .conversion, environment: environment)
        postgres = try PostgresSettings(environment: environment)
        artifactDirectory = try environment.required("ARTIFACT_DIR")
        guard artifactDirectory.hasPrefix("/") else { throw ConfigurationError(variable: "ARTIFACT_DIR", problem: "must be an absolute path") }
        uploadLimit = try environment.integer("UPLOAD_MAX_BYTES", default: 104_857_600, in: 1_024...2_147_483_647)
        workers = try environment.integer("CONVERSION_WORKERS", default: 2, in: 0...16)
        lease = .seconds(try environment.integer("JOB_LEASE_SECONDS", default: 30, in: 3...3_600))
        timeLimit = .seconds(try environment.integer("JOB_TIME_LIMIT_SECONDS", default: 300, in: 1...86_400))
        maxAttempts = try environment.integer("JOB_MAX_ATTEMPTS", default: 3, in: 1...20)
        let delay = try environment.integer("CONVERSION_STAGE_DELAY_MS", default: 0, in: 0...10_000)
        if delay > 0 && environment.string("DEPLOYMENT_ENVIRONMENT", default: "development") == "production" {
            throw ConfigurationError(variable: "CONVERSION_STAGE_DELAY_MS", problem: "slows every conversion and is refused in production")
        }
        stageDelay = .milliseconds(delay)
        retention = .seconds(try environment.integer("RETENTION_HOURS", default: 720, in: 1...87_600) * 3_600)
        authURL = try environment.required("AUTH_URL")
        guard authURL.hasPrefix("http://") || authURL.hasPrefix("https://"), !authURL.hasSuffix("/") else {
            throw ConfigurationError(variable: "AUTH_URL", problem: "must be an http(s) URL without a trailing slash")
        }
        issuer = environment.string("AUTH_ISSUER", default: "modporter-auth")
        quotas = try ConversionQuotas(environment: environment, uploadLimit: uploadLimit)
        let linkSecret = try environment.required("DOWNLOAD_LINK_SECRET")
        guard linkSecret.count >= 32 else { throw ConfigurationError(variable: "DOWNLOAD_LINK_SECRET", problem: "must be at least 32 characters") }
        downloadLinks = DownloadLinks(
            secret: linkSecret, lifetime: .seconds(try environment.integer("DOWNLOAD_LINK_TTL_SECONDS", default: 300, in: 30...3_600)))
        aiSuggestionsMax = try environment.integer("AI_SUGGESTIONS_MAX", default: 64, in: 0...256)
        if let url = environment.optional("AI_ENGINE_URL") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.hasSuffix("/") else {
                throw ConfigurationError(variable: "AI_ENGINE_URL", problem: "must be an http(s) URL without a trailing slash")
            }
            let secret = try environment.required("SERVICE_CLIENT_SECRET")
            guard secret.utf8.count >= 32 else { throw ConfigurationError(variable: "SERVICE_CLIENT_SECRET", problem: "must hold at least 32 characters") }
            aiEngineURL = url
            serviceSecret = secret
        }
    }
}

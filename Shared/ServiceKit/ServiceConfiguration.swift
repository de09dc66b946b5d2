import Contracts
import Logging
import RedisKit

/// Settings every service reads: where it listens, how it logs, how long it drains.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `HTTP_HOST` | `127.0.0.1` | address to listen on |
/// | `HTTP_PORT` | — (required) | port to listen on |
/// | `LOG_LEVEL` | `info` | `trace` … `critical` |
/// | `STARTUP_TIMEOUT_SECONDS` | `10` | how long start-up waits for dependencies |
/// | `READINESS_TIMEOUT_SECONDS` | `2` | per-dependency limit in `/health/ready` |
public struct ServiceConfiguration: Sendable {
    public var service: ServiceName
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    public var startupTimeout: Duration
    public var readinessTimeout: Duration

    public init(
        service: ServiceName, host: String = "127.0.0.1", port: Int, logLevel: Logger.Level = .info,
        startupTimeout: Duration = .seconds(10), readinessTimeout: Duration = .seconds(2)
    ) {
        self.service = service
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.startupTimeout = startupTimeout
        self.readinessTimeout = readinessTimeout
    }

    /// Reads the settings from the environment.
    public init(service: ServiceName, environment: EnvironmentReader) throws(ConfigurationError) {
        let level = try environment.choice(
            "LOG_LEVEL", default: "info", among: Logger.Level.allCases.map(\.rawValue))
        self.init(
            service: service,
            host: environment.string("HTTP_HOST", default: "127.0.0.1"),
            port: try environment.port("HTTP_PORT"),
            logLevel: Logger.Level(rawValue: level) ?? .info,
            startupTimeout: try environment.seconds("STARTUP_TIMEOUT_SECONDS", default: 10),
            readinessTimeout: try environment.seconds("READINESS_TIMEOUT_SECONDS", default: 2)
        )
    }
}

/// Where a service finds PostgreSQL.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `POSTGRES_HOST` | `127.0.0.1` | server address |
/// | `POSTGRES_PORT` | `5432` | server port |
/// | `POSTGRES_DB` | — (required) | database name |
/// | `POSTGRES_USER` | — (required) | the service's own role |
/// | `POSTGRES_PASSWORD` | — (required) | that role's password |
/// | `POSTGRES_POOL_SIZE` | `10` | connections in the pool |
public struct PostgresSettings: Sendable {
    public var host: String
    public var port: Int
    public var database: String
    public var user: String
    public var password: String
    public var poolSize: Int

    public init(host: String, port: Int, database: String, user: String, password: String, poolSize: Int = 10) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.poolSize = poolSize
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            host: environment.string("POSTGRES_HOST", default: "127.0.0.1"),
            port: try environment.port("POSTGRES_PORT", default: 5432),
            database: try environment.required("POSTGRES_DB"),
            user: try environment.required("POSTGRES_USER"),
            password: try environment.required("POSTGRES_PASSWORD"),
            poolSize: try environment.integer("POSTGRES_POOL_SIZE", default: 10, in: 1...200)
        )
    }
}

extension RedisConfiguration {
    /// Reads `REDIS_HOST` (default `127.0.0.1`), `REDIS_PORT` (default `6379`), `REDIS_PASSWORD`
    /// (optional) and `REDIS_POOL_SIZE` (default `8`).
    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            host: environment.string("REDIS_HOST", default: "127.0.0.1"),
            port: try environment.port("REDIS_PORT", default: 6379),
            password: environment.optional("REDIS_PASSWORD"),
            maxConnections: try environment.integer("REDIS_POOL_SIZE", default: 8, in: 1...256)
        )
    }
}

import Logging
import PostgresNIO
import RedisKit
import ServiceLifecycle

/// A data store a service holds open for its whole life: the client its routes and workers use
/// (a `Service` that connects before the HTTP server starts and closes after it stops) and the
/// readiness check that reports it.
public protocol StoreDependency: Sendable {
    /// The long-running piece to start before the server.
    var service: any Service { get }
    /// Its line in `/health/ready`.
    var check: any DependencyCheck { get }
}

/// The PostgreSQL pool a service uses, with its readiness check.
public struct PostgresStore: StoreDependency {
    public let client: PostgresClient

    public init(_ settings: PostgresSettings, logger: Logger) {
        client = PostgresClient(configuration: settings.clientConfiguration, backgroundLogger: logger)
    }

    public var service: any Service { client }
    public var check: any DependencyCheck { PostgresCheck(client: client) }
}

/// The Redis client a service uses, with its readiness check.
public struct RedisStore: StoreDependency {
    public let client: RedisClient

    public init(_ configuration: RedisConfiguration, logger: Logger) {
        client = RedisClient(configuration: configuration, logger: logger)
    }

    public var service: any Service { client }
    public var check: any DependencyCheck { RedisCheck(client: client) }
}

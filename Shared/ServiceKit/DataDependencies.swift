import Logging
import PostgresNIO
import RedisKit
import ServiceLifecycle

/// The PostgreSQL pool and Redis client a service uses, with their readiness checks.
///
/// Both are `Service`s: pass ``services`` to the `Application` so they start before the HTTP
/// server and close after it.
public struct DataDependencies: Sendable {
    public let postgres: PostgresClient?
    public let redis: RedisClient?

    public init(postgres: PostgresSettings?, redis: RedisConfiguration?, logger: Logger) {
        self.postgres = postgres.map { PostgresClient(configuration: $0.clientConfiguration, backgroundLogger: logger) }
        self.redis = redis.map { RedisClient(configuration: $0, logger: logger) }
    }

    /// The long-running pieces, in start order.
    public var services: [any Service] {
        var services: [any Service] = []
        if let postgres { services.append(postgres) }
        if let redis { services.append(redis) }
        return services
    }

    /// One readiness check per dependency.
    public var checks: [any DependencyCheck] {
        var checks: [any DependencyCheck] = []
        if let postgres { checks.append(PostgresCheck(client: postgres)) }
        if let redis { checks.append(RedisCheck(client: redis)) }
        return checks
    }
}

import Contracts
import RedisKit

/// Settings of a service that needs nothing beyond the shared variables and its data stores.
///
/// Reads `HTTP_*`, `LOG_LEVEL`, the time-outs, and — when the service uses them — `POSTGRES_*`
/// and `REDIS_*` (see ``ServiceConfiguration``, ``PostgresSettings``, `RedisConfiguration`).
public struct StandardSettings: ServiceSettings {
    public var common: ServiceConfiguration
    /// Present when the service uses PostgreSQL.
    public var postgres: PostgresSettings?
    /// Present when the service uses Redis.
    public var redis: RedisConfiguration?

    public init(common: ServiceConfiguration, postgres: PostgresSettings?, redis: RedisConfiguration?) {
        self.common = common
        self.postgres = postgres
        self.redis = redis
    }

    /// Reads the settings of `service`, requiring the stores it uses.
    public init(service: ServiceName, usesPostgres: Bool, usesRedis: Bool, environment: EnvironmentReader) throws {
        self.init(
            common: try ServiceConfiguration(service: service, environment: environment),
            postgres: usesPostgres ? try PostgresSettings(environment: environment) : nil,
            redis: usesRedis ? try RedisConfiguration(environment: environment) : nil)
    }
}

import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import ServiceLifecycle

extension StandardSettings {
    /// Builds a service's application from these settings: the data stores' pools and checks,
    /// the shared router, and whatever the service adds.
    ///
    /// - Parameters:
    ///   - services: further long-running pieces (workers, subscribers), started after the pools.
    ///   - checks: further readiness checks.
    ///   - server: the HTTP server (HTTP/1.1, or with a WebSocket upgrade).
    ///   - addRoutes: adds the service's own routes, given its data stores.
    public func buildApplication(
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        services: [any Service] = [],
        checks: [any DependencyCheck] = [],
        server: HTTPServerBuilder = .http1(),
        addRoutes: (Router<BasicRequestContext>, DataDependencies) -> Void = { _, _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let dependencies = DataDependencies(postgres: postgres, redis: redis, logger: logger)
        let metrics = HTTPMetrics(registry: registry)
        let allChecks = dependencies.checks + checks
        let router = ServiceRouter.make(
            context: BasicRequestContext.self, service: common.service, metrics: metrics,
            checks: allChecks, readinessTimeout: common.readinessTimeout)
        addRoutes(router, dependencies)
        return ServiceRouter.application(
            router: router, server: server, configuration: common, services: dependencies.services + services,
            checks: allChecks, metrics: metrics, logger: logger)
    }
}

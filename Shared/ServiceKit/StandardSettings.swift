import Contracts
import RedisKit

/// The settings every service reads: `HTTP_*`, `LOG_LEVEL`, the time-outs (see
/// ``ServiceConfiguration``) and `REDIS_*` (`RedisConfiguration`; every service uses Redis). A
/// service that also uses PostgreSQL holds a ``PostgresSettings`` of its own beside these.
public struct StandardSettings: ServiceSettings {
    public var common: ServiceConfiguration
    public var redis: RedisConfiguration

    public init(common: ServiceConfiguration, redis: RedisConfiguration) {
        self.common = common
        self.redis = redis
    }

    /// Reads the settings of `service`.
    public init(service: ServiceName, environment: EnvironmentReader) throws {
        self.init(common: try ServiceConfiguration(service: service, environment: environment), redis: try RedisConfiguration(environment: environment))
    }
}

import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import ServiceLifecycle

extension StandardSettings {
    /// Builds a service's application from these settings: its data stores' services and checks,
    /// the shared router, and whatever the service adds.
    ///
    /// - Parameters:
    ///   - stores: the data stores the service holds open, started first, in this order.
    ///   - services: further long-running pieces (workers, subscribers), started after the stores.
    ///   - checks: further checks, which must pass before the service starts and then report in
    ///     `/health/ready`.
    ///   - laterChecks: checks reported in `/health/ready` that the start does not wait for (the
    ///     ai-engine's embedder loads once the server is up).
    ///   - server: the HTTP server (HTTP/1.1, or with a WebSocket upgrade).
    ///   - addRoutes: adds the service's own routes.
    public func buildApplication(
        registry: PrometheusCollectorRegistry,
        logger: Logger,
        stores: [any StoreDependency],
        services: [any Service] = [],
        checks: [any DependencyCheck] = [],
        laterChecks: [any DependencyCheck] = [],
        server: HTTPServerBuilder = .http1(),
        addRoutes: (Router<BasicRequestContext>) -> Void = { _ in }
    ) -> Application<RouterResponder<BasicRequestContext>> {
        let metrics = HTTPMetrics(registry: registry)
        let allChecks = stores.map(\.check) + checks
        let router = ServiceRouter.make(
            context: BasicRequestContext.self, service: common.service, metrics: metrics,
            checks: allChecks + laterChecks, readinessTimeout: common.readinessTimeout)
        addRoutes(router)
        return ServiceRouter.application(
            router: router, server: server, configuration: common, services: stores.map(\.service) + services,
            checks: allChecks, metrics: metrics, logger: logger)
    }
}

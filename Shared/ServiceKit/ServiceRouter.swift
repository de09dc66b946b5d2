import Contracts
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import ServiceLifecycle

/// Builds the router every service starts from: request ids, RED metrics, the JSON error shape,
/// `/health/live`, `/health/ready` and `/metrics`.
public enum ServiceRouter {
    /// A router with the shared middleware and observability routes in place; add the service's
    /// own routes, then call ``finish(_:metrics:)``.
    ///
    /// Middleware order, outermost first: request id (so every later log line carries it), tracing
    /// (a server span continuing the caller's `traceparent`), the
    /// caller's outer middleware (response decoration such as security headers),
    /// metrics and the request log (so they record the status the client really gets), errors
    /// (which turn every failure into a response).
    public static func make<Context: RequestContext>(
        context: Context.Type = Context.self,
        service: ServiceName,
        metrics: HTTPMetrics,
        checks: [any DependencyCheck],
        readinessTimeout: Duration,
        addOuterMiddleware: (Router<Context>) -> Void = { _ in }
    ) -> Router<Context> {
        let router = Router(context: Context.self)
        router.add(middleware: RequestIDMiddleware())
        // A server span per request, continuing the caller's `traceparent`; everything below runs in it.
        router.add(middleware: RequestTracingMiddleware())
        // Outside the error middleware, so that they see (and can decorate) error answers too.
        addOuterMiddleware(router)
        router.add(middleware: HTTPMetricsMiddleware(metrics: metrics))
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware())
        HealthController<Context>(service: service, checks: checks, timeout: readinessTimeout).addRoutes(to: router)
        MetricsController<Context>(registry: metrics.registry).addRoutes(to: router)
        return router
    }

    /// Creates every route's metric series at zero, plus `service_info`.
    public static func finish<Context: RequestContext>(_ router: Router<Context>, metrics: HTTPMetrics, service: ServiceName) {
        for route in router.routes {
            metrics.register(method: route.method.rawValue, route: route.path.description)
        }
        metrics.registry.makeGauge(name: "service_info", labels: [("service", service.rawValue)]).set(1.0)
    }
}

extension ServiceRouter {
    /// The application for a finished router: listens where `configuration` says, runs
    /// `services` (pools, workers) before the HTTP server, and refuses to start unless `checks`
    /// pass within the start-up time limit. `server` is plain HTTP/1.1 unless the service
    /// upgrades WebSockets.
    public static func application<Context: RequestContext>(
        router: Router<Context>,
        server: HTTPServerBuilder = .http1(),
        configuration: ServiceConfiguration,
        services: [any Service],
        checks: [any DependencyCheck],
        metrics: HTTPMetrics,
        logger: Logger
    ) -> Application<RouterResponder<Context>> where Context: InitializableFromSource<ApplicationRequestContextSource> {
        finish(router, metrics: metrics, service: configuration.service)
        var app = Application(
            router: router,
            server: server,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: configuration.service.rawValue),
            services: services,
            logger: logger)
        app.requireDependencies(checks, deadline: configuration.startupTimeout)
        return app
    }
}

import Contracts
import Hummingbird
import InternalHTTP
import Logging
import Prometheus
import ServiceKit
import ServiceLifecycle

/// The `gateway` service: the public REST API — platform health, and the front door for accounts
/// (token verification against the JWKS, session checks, rate limits, forwarding to auth).
public enum GatewayApplication: ServiceApplication {
    public static let service = ServiceName.gateway

    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> GatewaySettings {
        try GatewaySettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: GatewaySettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> BuiltService<Application<RouterResponder<GatewayContext>>> {
        let client = InternalHTTPClient()
        let redis = RedisStore(settings.standard.redis, logger: logger)
        let metrics = HTTPMetrics(registry: registry)
        let (router, services) = buildRouter(settings, metrics: metrics, client: client, redis: redis, logger: logger)
        return BuiltService(ServiceRouter.application(
            router: router, configuration: settings.common, services: [redis.service] + services, checks: [redis.check], metrics: metrics, logger: logger))
    }

    /// The gateway's router with every route, and the services its routes need running (beyond
    /// the Redis client, which the caller runs).
    public static func buildRouter(
        _ settings: GatewaySettings, metrics: HTTPMetrics, client: InternalHTTPClient, redis store: RedisStore, logger: Logger
    ) -> (Router<GatewayContext>, [any Service]) {
        let router = ServiceRouter.make(
            context: GatewayContext.self, service: .gateway, metrics: metrics, checks: [store.check],
            readinessTimeout: settings.common.readinessTimeout, addOuterMiddleware: {
                $0.add(middleware: SecurityHeadersMiddleware<GatewayContext>())
                $0.add(middleware: CORSMiddleware<GatewayContext>(allowedOrigins: settings.corsOrigins))
            })
        PlatformHealthController<GatewayContext>(targets: settings.healthTargets, client: client, timeout: settings.common.readinessTimeout)
            .addRoutes(to: router)
        // Read once, here: a gateway built without the document's bundle stops at start-up.
        let document = ByteBuffer(string: OpenAPIDocument.json)
        router.get("/api/v1/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"], body: .init(byteBuffer: document))
        }
        var services: [any Service] = []
        let redis = store.client
        var sessionView: SessionView?
        if settings.sessionViewLifetime > .zero {
            let view = SessionView(redis: settings.standard.redis, logger: logger, maximumAge: settings.sessionViewLifetime)
            services.append(view)
            sessionView = view
        }
        let authenticator = TokenAuthenticator(
            issuer: settings.issuer, audience: settings.audience, jwksURL: settings.authURL + "/.well-known/jwks.json",
            client: client, redis: redis, sessionView: sessionView, logger: logger)
        let credentials = ServiceCredentials(client: client, authURL: settings.authURL, clientID: ServiceName.gateway.rawValue, secret: settings.serviceSecret)
        let policy = AccessPolicy(client: client, credentials: credentials, authURL: settings.authURL, logger: logger)
        let frontDoor = FrontDoorController(
            client: client, authURL: settings.authURL, authenticator: authenticator, policy: policy, limiter: RateLimiter(redis: redis, registry: metrics.registry),
            authLimit: settings.authLimit, apiLimits: APILimits(standard: settings.apiLimit, byRole: settings.apiLimitsByRole), trustedProxies: settings.trustedProxies, logger: logger
        )
        frontDoor.addRoutes(to: router)
        if let conversionURL = settings.conversionURL {
            ConversionRoutes(frontDoor: frontDoor, credentials: credentials, conversionURL: conversionURL, uploadLimit: settings.uploadLimit, logger: logger)
                .addRoutes(to: router)
        }
        if let aiEngineURL = settings.aiEngineURL {
            ConversionRoutes(frontDoor: frontDoor, credentials: credentials, conversionURL: aiEngineURL, uploadLimit: settings.uploadLimit, logger: logger,
                             service: ServiceName.aiEngine.rawValue, routes: ConversionRoutes.aiRoutes)
                .addRoutes(to: router)
        }
        services.append(KeyLoader(authenticator: authenticator, policy: policy, logger: logger))
        services.append(InternalHTTPClientService(client: client))
        return (router, services)
    }
}

/// Loads the JWKS and the permission map once the server is up (retrying until auth answers), so
/// the first request does not pay for them; tokens with an unknown `kid` trigger further key
/// loads, and the map refreshes itself when stale.
struct KeyLoader: Service {
    let authenticator: TokenAuthenticator
    let policy: AccessPolicy
    let logger: Logger

    func run() async throws {
        // Stops at shutdown whether or not the keys ever loaded.
        await cancelWhenGracefulShutdown {
            var delay = Duration.milliseconds(200)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    try await authenticator.refreshKeys(force: true)
                    try await policy.load()
                    return
                } catch {
                    logger.warning("jwks or permissions not loaded yet", metadata: ["error": .string("\(error)".prefix(200).description)])
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                }
            }
        }
        try? await gracefulShutdown()
    }
}

import Contracts
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import InternalHTTP
import Logging
import NIOWebSocket
import Prometheus
import RedisKit
import ServiceKit
import ServiceLifecycle

/// The `realtime` service: `GET /ws` WebSockets, fanned out across replicas through Redis pub/sub
/// (the protocol is in the README, the pieces in ``ChannelHub``, `SocketSession` and
/// ``SocketLimits``), plus health and metrics.
public enum RealtimeApplication: ServiceApplication {
    public static let service = ServiceName.realtime

    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> RealtimeSettings {
        try RealtimeSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive, with the piece that closes every socket
    /// with 1001 when the service is asked to stop (it stops first, before the server waits for
    /// its connections to end).
    public static func buildApplication(
        _ settings: RealtimeSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> BuiltService<Application<RouterResponder<BasicRequestContext>>> {
        let redisStore = RedisStore(settings.standard.redis, logger: logger)
        let redis = redisStore.client
        let subscriber = RedisSubscriber(configuration: settings.standard.redis, logger: logger)
        let metrics = RealtimeMetrics()
        let client = InternalHTTPClient()
        let credentials = ServiceCredentials(client: client, authURL: settings.authURL, clientID: ServiceName.realtime.rawValue, secret: settings.serviceSecret)
        let access = ChannelAccess(client: client, credentials: credentials, conversionURL: settings.conversionURL, cacheFor: settings.limits.accessCache, logger: logger)
        let hub = ChannelHub(
            subscriber: subscriber, publisher: redis, events: EventChannel(redis: redis), metrics: metrics, logger: logger,
            onAccessRevoked: { conversion, user in access.forget(conversion, user: user) })
        let session = SocketSession(
            hub: hub,
            access: access,
            documents: DocumentClient(client: client, credentials: credentials, conversionURL: settings.conversionURL, logger: logger),
            authenticator: TokenAuthenticator(
                issuer: settings.issuer, audience: settings.audience, jwksURL: settings.authURL + "/.well-known/jwks.json", client: client,
                redis: redis, logger: logger, skippedMetric: "realtime_session_check_skipped_total"),
            registry: SocketRegistry(redis: redis, logger: logger), limits: settings.limits, metrics: metrics, instance: settings.instance, logger: logger)
        let sockets = Router(context: RealtimeRequestContext.self)
        sockets.ws("/ws") { inbound, outbound, context in
            try await session.run(inbound, outbound, context)
        }
        let server = HTTPServerBuilder.http1WebSocketUpgrade(
            webSocketRouter: sockets,
            configuration: .init(
                ws: .init(
                    maxFrameSize: settings.limits.maxMessageBytes * 4,
                    autoPing: .enabled(timePeriod: settings.limits.pingInterval),
                    closeTimeout: .seconds(5))))
        let app = settings.standard.buildApplication(
            registry: registry, logger: logger, stores: [redisStore],
            services: [
                subscriber, hub, SocketSweeper(hub: hub, registry: SocketRegistry(redis: redis, logger: logger), metrics: metrics),
                InternalHTTPClientService(client: client),
            ],
            checks: [PubSubCheck(subscriber: subscriber), DrainCheck(hub: hub)], server: server)
        return BuiltService(app, stopsFirst: [SocketDrain(hub: hub)])
    }
}

/// Ready when the pub/sub connection is open.
struct PubSubCheck: DependencyCheck {
    let name = "redis-pubsub"
    let subscriber: RedisSubscriber

    func check() async throws {
        guard subscriber.isConnected else { throw RedisError.connectionClosed }
    }
}

/// Not ready while stopping.
struct DrainCheck: DependencyCheck {
    let name = "accepting-sockets"
    let hub: ChannelHub

    func check() async throws {
        guard !hub.isDraining else { throw HTTPError(.serviceUnavailable, message: "stopping") }
    }
}

/// Closes every socket with 1001 when the service stops, before the server does.
struct SocketDrain: Service {
    let hub: ChannelHub

    func run() async throws {
        try? await gracefulShutdown()
        await hub.closeAll(deadline: .seconds(3))
    }
}

/// Once a second: closes idle sockets and those whose token expired; every 30 seconds refreshes
/// this replica's socket registrations (the per-user limit).
struct SocketSweeper: Service {
    let hub: ChannelHub
    let registry: SocketRegistry
    let metrics: RealtimeMetrics

    func run() async throws {
        var ticks = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            ticks += 1
            let now = ContinuousClock.now
            let date = Date()
            let open = hub.connections
            for connection in open {
                guard let close = connection.expiry(now: now, date: date) else { continue }
                metrics.closed(close.code == .normalClosure ? "idle" : "token_expired")
                connection.close(close.code, reason: close.reason)
            }
            if ticks % 30 == 0 { await registry.refresh(open) }
        }
    }
}

import Contracts
import Hummingbird
import Logging
import Prometheus
import RedisKit
import ServiceKit

/// The `realtime` service: WebSocket fan-out through Redis pub/sub (the socket protocol arrives
/// with the realtime issue; today it holds its pub/sub connection and serves health and metrics).
public enum RealtimeApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> StandardSettings {
        try StandardSettings(service: .realtime, usesPostgres: false, usesRedis: true, environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: StandardSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        guard let redis = settings.redis else { preconditionFailure("realtime settings always carry Redis") }
        let subscriber = RedisSubscriber(configuration: redis, logger: logger)
        return settings.buildApplication(
            registry: registry, logger: logger, services: [subscriber], checks: [PubSubCheck(subscriber: subscriber)])
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

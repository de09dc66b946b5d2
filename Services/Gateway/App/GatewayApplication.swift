import Contracts
import Hummingbird
import InternalHTTP
import Logging
import Prometheus
import ServiceKit
import ServiceLifecycle

/// The `gateway` service: the public REST API (today: the platform health endpoint; the routes
/// that proxy to the other services arrive with their issues).
public enum GatewayApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> GatewaySettings {
        try GatewaySettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: GatewaySettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        let client = InternalHTTPClient()
        let health = PlatformHealthController<BasicRequestContext>(
            targets: settings.healthTargets, client: client, timeout: settings.common.readinessTimeout)
        return settings.standard.buildApplication(
            registry: registry, logger: logger, services: [InternalHTTPClientService(client: client)]
        ) { router, _ in
            health.addRoutes(to: router)
        }
    }
}

/// Closes the internal HTTP client's pool after the server has stopped.
struct InternalHTTPClientService: Service {
    let client: InternalHTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

import Contracts
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// The `auth` service: users, credentials, tokens and sessions (its routes arrive with the auth
/// issue; today it serves health and metrics over its PostgreSQL and Redis pools).
public enum AuthApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> StandardSettings {
        try StandardSettings(service: .auth, usesPostgres: true, usesRedis: true, environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: StandardSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        settings.buildApplication(registry: registry, logger: logger)
    }
}

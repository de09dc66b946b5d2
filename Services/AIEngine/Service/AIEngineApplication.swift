import Contracts
import Hummingbird
import Logging
import Prometheus
import ServiceKit

/// The `ai-engine` service: models, inference and vector search (its routes arrive with the AI-engine
/// issue; today it serves health and metrics over its PostgreSQL and Redis pools).
public enum AIEngineApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> StandardSettings {
        try StandardSettings(service: .aiEngine, usesPostgres: true, usesRedis: true, environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: StandardSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        settings.buildApplication(registry: registry, logger: logger)
    }
}

import Contracts
import Logging
import Metrics
import Prometheus

/// Process-wide set-up done once in `main`, never in a build function (a second bootstrap of the
/// logging or metrics system stops the process).
public enum ServiceBootstrap {
    /// Installs JSON-lines logging for `service` and a Prometheus metrics backend feeding
    /// `registry`, and returns the root logger.
    public static func bootstrap(
        service: ServiceName, logLevel: Logger.Level, registry: PrometheusCollectorRegistry
    ) -> Logger {
        LoggingSystem.bootstrap { label in
            JSONLogHandler(label: label, service: service.rawValue, level: logLevel)
        }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "modporter.\(service.rawValue)")
        logger.logLevel = logLevel
        return logger
    }
}

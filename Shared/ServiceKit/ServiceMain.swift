#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contracts
import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Prometheus
import ServiceLifecycle
import UnixSignals

/// A service's settings, holding the shared ``ServiceConfiguration``.
public protocol ServiceSettings: Sendable {
    /// Listening address, log level, time-outs.
    var common: ServiceConfiguration { get }
}

/// The `main` of every service: read configuration, bootstrap logging and metrics once, build the
/// application and run it until SIGTERM/SIGINT.
///
/// A configuration error exits with status 2 and one line on standard error naming the variable;
/// a start-up failure (e.g. an unreachable database) exits with status 1 and one line.
public enum ServiceMain {
    /// Runs the services `build` makes in one group: on SIGTERM/SIGINT they stop in reverse
    /// order, so a service listed after the application stops first (realtime closes its sockets
    /// with "going away" before its server stops).
    static func run<Settings: ServiceSettings>(
        service: ServiceName,
        settings readSettings: (EnvironmentReader) throws -> Settings,
        build: (Settings, PrometheusCollectorRegistry, Logger) async throws -> [any Service]
    ) async -> Never {
        // `--help` prints the usage; any other argument is refused before the settings are read.
        _ = ServiceUsage.handle(ServiceUsage.decide(Array(CommandLine.arguments.dropFirst()), service: service))
        let settings: Settings
        do {
            settings = try readSettings(EnvironmentReader())
        } catch {
            fail(service, "\(error)", status: 2)
        }
        let registry = PrometheusCollectorRegistry()
        let logger = ServiceBootstrap.bootstrap(service: service, logLevel: settings.common.logLevel, registry: registry)
        // Before anything is built: HTTP clients pick the global tracer up when they are created.
        let tracing: any Service
        do {
            tracing = try ServiceBootstrap.tracing(service: service, environment: EnvironmentReader())
        } catch {
            fail(service, "\(error)", status: 2)
        }
        do {
            let services = try await build(settings, registry, logger)
            // The exporter stops last, so the spans of the final requests are flushed.
            let group = ServiceGroup(configuration: .init(
                services: [.init(service: tracing)] + services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
            logger.info("stopped")
            exit(0)
        } catch {
            fail(service, "startup failed: \(error)", status: 1)
        }
    }

    private static func fail(_ service: ServiceName, _ message: String, status: Int32) -> Never {
        let line = "\(service.rawValue): \(message.split(whereSeparator: \.isNewline).joined(separator: " "))\n"
        FileHandle.standardError.write(Data(line.utf8))
        exit(status)
    }
}

extension PostgresSettings {
    /// The PostgresNIO pool configuration for these settings.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(3)
        return configuration
    }
}

extension Application {
    /// Fails start-up with ``StartupError`` unless every check passes within `deadline`.
    public mutating func requireDependencies(_ checks: [any DependencyCheck], deadline: Duration) {
        let logger = self.logger
        beforeServerStarts {
            try await StartupProbe.waitForDependencies(checks, deadline: deadline, logger: logger)
        }
    }
}

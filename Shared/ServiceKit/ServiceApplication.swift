import Contracts
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The one shape of every service: its name, how it reads its settings, and how it is built from
/// them. `main` is `await ServiceMain.run(GatewayApplication.self)`; tests build the same
/// application with ``buildApplication(_:registry:logger:)`` and drive it.
///
/// Every dependency a service needs is made (or refused, with a ``ConfigurationError``) while it is
/// built; nothing it requires is optional afterwards.
public protocol ServiceApplication {
    associatedtype Settings: ServiceSettings
    associatedtype App: ApplicationProtocol

    /// The service's name (logs, metrics, the usage line).
    static var service: ServiceName { get }

    /// Reads the service's settings from the environment.
    static func settings(_ environment: EnvironmentReader) throws -> Settings

    /// Builds the application, with anything that must stop before it.
    static func buildApplication(_ settings: Settings, registry: PrometheusCollectorRegistry, logger: Logger) async throws -> BuiltService<App>
}

/// A built service: the application, and the pieces that must stop before it when the service is
/// asked to stop (realtime closes its sockets before its server waits for them to end).
public struct BuiltService<App: ApplicationProtocol> {
    /// What serves the routes; tests drive it.
    public let application: App
    /// Started after the application, stopped before it.
    public let stopsFirst: [any Service]

    public init(_ application: App, stopsFirst: [any Service] = []) {
        self.application = application
        self.stopsFirst = stopsFirst
    }
}

extension ServiceMain {
    /// Runs `Definition` until SIGTERM/SIGINT (see ``run(service:settings:build:)``).
    public static func run<Definition: ServiceApplication>(_ definition: Definition.Type) async -> Never {
        await run(service: Definition.service, settings: Definition.settings) { settings, registry, logger -> [any Service] in
            let built = try await Definition.buildApplication(settings, registry: registry, logger: logger)
            return [built.application] + built.stopsFirst
        }
    }
}

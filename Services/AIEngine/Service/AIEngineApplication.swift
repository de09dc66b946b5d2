import Contracts
import Hummingbird
import InternalHTTP
import Logging
import Prometheus
import ServiceKit

/// The `ai-engine` service: the model registry and its byte-bounded cache, embeddings with dynamic
/// batching, the knowledge base's vector search and the conversion engine's match hook. Ready once
/// the production embedder is in memory.
public enum AIEngineApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> AIEngineSettings {
        try AIEngineSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: AIEngineSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> some ApplicationProtocol {
        let dependencies = DataDependencies(postgres: settings.standard.postgres, redis: settings.standard.redis, logger: logger)
        let metrics = HTTPMetrics(registry: registry)
        var services = dependencies.services
        var readiness = dependencies.checks
        let client = InternalHTTPClient()
        var engine: AIEngine?
        if let postgres = dependencies.postgres {
            let aiMetrics = AIMetrics(registry: registry)
            let built = AIEngine(
                settings: settings, registry: ModelRegistry(postgres: postgres, logger: logger),
                cache: ModelCache(budget: settings.cacheBytes, modelsDirectory: settings.modelsDirectory, inferenceThreads: settings.inferenceThreads,
                                 matrixBackend: settings.matrixBackend,
                                  metrics: aiMetrics, logger: logger),
                knowledge: KnowledgeBase(postgres: postgres, logger: logger), metrics: aiMetrics, logger: logger)
            readiness.append(EmbedderReady(engine: built))
            services.append(EmbedderWarmer(engine: built, logger: logger))
            engine = built
        }
        let router = ServiceRouter.make(
            context: BasicRequestContext.self, service: .aiEngine, metrics: metrics, checks: readiness,
            readinessTimeout: settings.common.readinessTimeout)
        if let engine {
            let gate = ServiceTokenGate(callee: ServiceName.aiEngine.rawValue, issuer: settings.issuer, authURL: settings.authURL, client: client)
            AIController<BasicRequestContext>(engine: engine, gate: gate, logger: logger).addRoutes(to: router)
        }
        services.append(InternalHTTPClientService(client: client))
        return ServiceRouter.application(
            router: router, configuration: settings.common, services: services, checks: dependencies.checks, metrics: metrics, logger: logger)
    }
}

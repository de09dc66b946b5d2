import Contracts
import Hummingbird
import InternalHTTP
import Logging
import Prometheus
import ServiceKit
import ServiceLifecycle

/// The `ai-engine` service: the model registry and its byte-bounded cache, embeddings with dynamic
/// batching, the knowledge base's vector search and the conversion engine's match hook. Ready once
/// the production embedder is in memory.
public enum AIEngineApplication: ServiceApplication {
    public static let service = ServiceName.aiEngine

    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> AIEngineSettings {
        try AIEngineSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: AIEngineSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) -> BuiltService<Application<RouterResponder<BasicRequestContext>>> {
        let postgresStore = PostgresStore(settings.postgres, logger: logger)
        let redisStore = RedisStore(settings.standard.redis, logger: logger)
        let postgres = postgresStore.client
        let client = InternalHTTPClient()
        let aiMetrics = AIMetrics(registry: registry)
        let engine = AIEngine(
            settings: settings, registry: ModelRegistry(postgres: postgres, logger: logger),
            cache: ModelCache(budget: settings.cacheBytes, modelsDirectory: settings.modelsDirectory, inferenceThreads: settings.inferenceThreads,
                              matrixBackend: settings.matrixBackend, metrics: aiMetrics, logger: logger),
            knowledge: KnowledgeBase(postgres: postgres, logger: logger), metrics: aiMetrics, logger: logger)
        let services: [any Service] = [EmbedderWarmer(engine: engine, logger: logger), InternalHTTPClientService(client: client)]
        return BuiltService(settings.standard.buildApplication(
            registry: registry, logger: logger, stores: [postgresStore, redisStore], services: services, laterChecks: [EmbedderReady(engine: engine)]
        ) { router in
            let gate = ServiceTokenGate(callee: ServiceName.aiEngine.rawValue, issuer: settings.issuer, authURL: settings.authURL, client: client)
            AIController<BasicRequestContext>(engine: engine, gate: gate, logger: logger).addRoutes(to: router)
        })
    }
}

import AIEngineService
import Contracts
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Prometheus
import ServiceKit
import Testing
import TestSupport

/// The service's environment on the test stack, as `scripts/stack.sh` gives it to its replicas.
func aiEngineEnvironment(_ stack: LocalStack, extra: [String: String] = [:]) -> [String: String] {
    [
        "HTTP_PORT": "1", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": stack.value("PG_PORT"), "POSTGRES_DB": stack.databaseName,
        "POSTGRES_USER": stack.value("PG_AI_ENGINE_USER"), "POSTGRES_PASSWORD": stack.value("PG_AI_ENGINE_PASSWORD"),
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": stack.value("REDIS_PORT"), "REDIS_PASSWORD": stack.value("REDIS_PASSWORD"),
        "MODELS_DIR": stack.value("STACK_DIR") + "/models", "AUTH_URL": "http://127.0.0.1:\(stack.port("NGINX_INTERNAL_PORT"))/auth",
    ].merging(extra) { _, new in new }
}

@Suite("aiEngine service against the test stack")
struct AIEngineHealthTests {
    /// Ready only once the production embedder (registered and promoted by `scripts/stack.sh`) is in
    /// memory; then health and metrics answer as every service's do.
    @Test func becomesReadyOnceTheProductionEmbedderIsLoaded() async throws {
        let stack = try LocalStack.current()
        let settings = try AIEngineSettings(environment: EnvironmentReader(aiEngineEnvironment(stack)))
        let app = AIEngineApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            let ready = try await eventually(timeout: .seconds(60), every: .milliseconds(200)) {
                try await client.execute(uri: "/health/ready", method: .get).status == .ok
            }
            #expect(ready, "the embedder was not loaded within a minute")
            try await expectHealthyService(client, service: .aiEngine, dependencies: ["postgres", "redis", "embedder"])
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("model_loads_total{model=\"all-minilm-l6-v2\",version=\"1.0.0\"} 1"), "\(metrics.prefix(2_000))")
            #expect(metrics.contains("model_cache_bytes "))
        }
    }

    @Test func settingsComeFromTheEnvironment() throws {
        let base = ["HTTP_PORT": "9999", "POSTGRES_DB": "db", "POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p", "AUTH_URL": "http://127.0.0.1:1/auth"]
        #expect(throws: ConfigurationError.self) { try AIEngineSettings(environment: EnvironmentReader(base)) }  // no MODELS_DIR
        #expect(throws: ConfigurationError.self) { try AIEngineSettings(environment: EnvironmentReader(base.merging(["MODELS_DIR": "models"]) { $1 })) }
        #expect(throws: ConfigurationError.self) {
            try AIEngineSettings(environment: EnvironmentReader(base.merging(["MODELS_DIR": "/m", "EMBEDDER_MODEL": "../x"]) { $1 }))
        }
        #expect(throws: ConfigurationError.self) {
            try AIEngineSettings(environment: EnvironmentReader(base.merging(["MODELS_DIR": "/m", "EMBED_MAX_TEXTS": "0"]) { $1 }))
        }
        let settings = try AIEngineSettings(environment: EnvironmentReader(base.merging(["MODELS_DIR": "/m", "MODEL_CACHE_BYTES": "2097152"]) { $1 }))
        #expect(settings.cacheBytes == 2_097_152)
        #expect(settings.embedderModel == "all-minilm-l6-v2")
        #expect(settings.maxTexts == 64)
    }

    @Test func modelNamesAndVersionsFollowTheRegistrysRules() {
        for good in ["all-minilm-l6-v2", "a", "m.v_2"] { #expect(ModelName.isValid(good), "\(good)") }
        for bad in ["", "A", "-x", "a/b", "..", String(repeating: "a", count: 65)] { #expect(!ModelName.isValid(bad), "\(bad)") }
        for good in ["1.0.0", "0.10.2", "2.0.0-rc.1"] { #expect(ModelName.isVersion(good), "\(good)") }
        for bad in ["1.0", "01.0.0", "1.0.0-", "v1.0.0", "1.0.0+x", "1..0"] { #expect(!ModelName.isVersion(bad), "\(bad)") }
    }
}

import AIInference
import Foundation
import HTTPTypes
import Logging
import ServiceKit
import ServiceLifecycle

/// What the routes and commands share: the registry, the model cache, the batcher and the
/// knowledge base, and the rules that tie them together (which version is the embedder, what a
/// refused load leaves in the audit).
public struct AIEngine: Sendable {
    public let settings: AIEngineSettings
    public let registry: ModelRegistry
    public let cache: ModelCache
    public let batcher: EmbeddingBatcher
    public let knowledge: KnowledgeBase
    let logger: Logger

    public init(settings: AIEngineSettings, registry: ModelRegistry, cache: ModelCache, knowledge: KnowledgeBase, metrics: AIMetrics, logger: Logger) {
        self.settings = settings
        self.registry = registry
        self.cache = cache
        self.knowledge = knowledge
        self.logger = logger
        batcher = EmbeddingBatcher(maxTexts: settings.batchMaxTexts, maxWait: settings.batchMaxWait, metrics: metrics)
    }

    /// The loaded production version of `name`; a refused load is audited and answered 503.
    public func production(_ name: String) async throws -> (LoadedModel, ModelVersion) {
        guard let version = try await registry.production(name) else {
            throw AppError(.serviceUnavailable, code: "model_not_deployed", message: "no production version of \(name) is deployed")
        }
        return (try await load(version, refusal: .serviceUnavailable), version)
    }

    /// Loads `version` through the cache; a refusal is audited and thrown as `status`.
    public func load(_ version: ModelVersion, refusal status: HTTPResponse.Status) async throws -> LoadedModel {
        do {
            return try await cache.model(version)
        } catch let error as ModelLoadError {
            logger.error("model refused", metadata: ["model": "\(version.key)", "code": "\(error.code)"])
            let action = error.code == "model_checksum_mismatch" ? "checksum_mismatch" : "load_failed"
            await registry.recordRefusedLoad(version, action: action, detail: "{\"code\": \"\(error.code)\", \"message\": \(ModelRegistry.quoted(error.message))}")
            throw AppError(status, code: error.code, message: error.message)
        }
    }

    /// The production embedder.
    public func embedder() async throws -> (MiniLM, ModelVersion) {
        let (model, version) = try await production(settings.embedderModel)
        guard case .encoder(let encoder) = model else {
            throw AppError(.serviceUnavailable, code: "model_not_an_embedder", message: "\(version.key) is not a sentence encoder")
        }
        return (encoder, version)
    }

    /// Embeddings of `texts` by the production embedder, batched with concurrent requests.
    public func embed(_ texts: [String]) async throws -> ([[Float]], ModelVersion) {
        let (model, version) = try await embedder()
        let tokenized = texts.map(model.tokenizer.encode)
        return (try await batcher.embed(tokenized, model: model, version: version), version)
    }
}

/// `/health/ready`'s `embedder` check: passes once the production embedder is in memory.
struct EmbedderReady: DependencyCheck {
    let name = "embedder"
    let engine: AIEngine

    func check() async throws {
        guard let version = try await engine.registry.production(engine.settings.embedderModel) else {
            throw AppError(.serviceUnavailable, code: "model_not_deployed", message: "no production embedder")
        }
        guard await engine.cache.holds(version) else {
            throw AppError(.serviceUnavailable, code: "model_loading", message: "\(version.key) is not loaded yet")
        }
    }
}

/// Keeps the production embedder loaded: at start-up, and within seconds of a promotion or a
/// rollback (made through either replica).
struct EmbedderWarmer: Service {
    let engine: AIEngine
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var refused: String?  // a version that failed to load is tried again only once it changes
            while !Task.isCancelled {
                do {
                    if let version = try await engine.registry.production(engine.settings.embedderModel),
                       version.key != refused, await !engine.cache.holds(version) {
                        do {
                            _ = try await engine.load(version, refusal: .serviceUnavailable)
                        } catch {
                            refused = version.key
                        }
                    }
                } catch {
                    logger.warning("registry unreachable", metadata: ["error": "\(String(describing: error).prefix(200))"])
                }
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }
}

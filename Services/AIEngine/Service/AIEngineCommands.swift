import AIInference
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import Prometheus
import ServiceKit

/// The executable's commands besides serving, with the service's own environment and database role:
///
///     ai-engine models register NAME VERSION FORMAT LOCATION [--metrics FILE] [--promote]
///     ai-engine knowledge load FILE
///     ai-engine embed TEXT…
///
/// `make up` uses the first two to register and promote the MiniLM embedder and the feature
/// classifier and to load the knowledge base, so a fresh stack is ready.
public enum AIEngineCommands {
    /// Runs a command and returns the exit status (2 for bad usage or configuration, 1 for a failure).
    public static func main(_ arguments: [String]) async -> Int32 {
        let usage = "usage: ai-engine models register NAME VERSION FORMAT LOCATION [--metrics FILE] [--promote] | knowledge load FILE | embed TEXT…"
        do {
            let settings = try AIEngineSettings(environment: EnvironmentReader())
            var logger = Logger(label: "ai-engine")
            logger.logLevel = .warning
            switch arguments.first {
            case "models" where arguments.count >= 6 && arguments[1] == "register":
                return try await withEngine(settings, logger) { engine in try await register(Array(arguments.dropFirst(2)), engine: engine) }
            case "knowledge" where arguments.count == 3 && arguments[1] == "load":
                return try await withEngine(settings, logger) { engine in
                    let entries = try KnowledgeBase.read(arguments[2])
                    let (_, version) = try await engine.embedder()
                    let report = try await engine.knowledge.refresh(entries, model: version.key) { texts in try await engine.embed(texts).0 }
                    print("knowledge: \(entries.count) entries with \(version.key): \(report.added) added, \(report.updated) updated, "
                          + "\(report.unchanged) unchanged, \(report.removed) removed")
                    return 0
                }
            case "embed" where arguments.count >= 2:
                return try await withEngine(settings, logger) { engine in
                    let (vectors, version) = try await engine.embed(Array(arguments.dropFirst()))
                    let body: [String: Any] = ["model": version.model, "version": version.version, "embeddings": vectors]
                    print(String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self))
                    return 0
                }
            default:
                FileHandle.standardError.write(Data((usage + "\n").utf8))
                return 2
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("ai-engine: \(error)\n".utf8))
            return 2
        } catch {
            FileHandle.standardError.write(Data("ai-engine: \(String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " "))\n".utf8))
            return 1
        }
    }

    static func register(_ arguments: [String], engine: AIEngine) async throws -> Int32 {
        let (name, version, format, location) = (arguments[0], arguments[1], arguments[2], arguments[3])
        var metrics = "{}"
        var promote = false
        var rest = arguments.dropFirst(4).makeIterator()
        while let flag = rest.next() {
            switch flag {
            case "--promote": promote = true
            case "--metrics":
                guard let file = rest.next() else { throw AppError.badRequest("--metrics needs a file") }
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else { throw AppError.badRequest("\(file) is not a JSON object") }
                metrics = String(decoding: data, as: UTF8.self)
            default: throw AppError.badRequest("unknown option \(flag)")
            }
        }
        guard ModelName.isValid(name), ModelName.isVersion(version), ModelRegistry.formats.contains(format) else {
            throw AppError.badRequest("a model name, a semantic version and a format (\(ModelRegistry.formats.sorted().joined(separator: ", "))) are needed")
        }
        let files = try await ModelRegistration.inspect(location: location, in: engine.settings.modelsDirectory)
        if let existing = try await engine.registry.version(name, version) {
            guard existing.sha256 == files.sha256 else {
                throw AppError(.conflict, code: "version_exists", message: "\(name) \(version) is registered with other files (\(existing.sha256))")
            }
        } else {
            _ = try await engine.registry.register(
                ModelVersion(model: name, version: version, format: format, location: location, sha256: files.sha256, sizeBytes: files.size,
                             status: "staged", metrics: metrics, registeredBy: nil, registeredAt: Date(), deployedBy: nil, deployedAt: nil,
                             previousProduction: nil),
                actor: nil, requestID: nil)
        }
        if promote {
            guard let entry = try await engine.registry.version(name, version) else { return 1 }
            _ = try await engine.load(entry, refusal: .conflict)
            _ = try await engine.registry.promote(name, version, actor: nil, requestID: nil)
        }
        print("models: \(name) \(version) (\(format), \(files.size) bytes, sha256 \(files.sha256.prefix(12))…)\(promote ? " in production" : " staged")")
        return 0
    }

    static func withEngine(_ settings: AIEngineSettings, _ logger: Logger, _ body: @escaping @Sendable (AIEngine) async throws -> Int32) async throws -> Int32 {
        guard let postgres = settings.standard.postgres else { throw ConfigurationError(variable: "POSTGRES_DB", problem: "is required") }
        let client = PostgresClient(configuration: postgres.clientConfiguration, backgroundLogger: logger)
        let metrics = AIMetrics(registry: PrometheusCollectorRegistry())  // a command's figures are not scraped
        let engine = AIEngine(
            settings: settings, registry: ModelRegistry(postgres: client, logger: logger),
            cache: ModelCache(budget: settings.cacheBytes, modelsDirectory: settings.modelsDirectory, inferenceThreads: settings.inferenceThreads,
                              metrics: metrics, logger: logger),
            knowledge: KnowledgeBase(postgres: client, logger: logger), metrics: metrics, logger: logger)
        return try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask { try await body(engine) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let status = result { return status }
            }
            return 1
        }
    }
}

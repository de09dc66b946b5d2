import AIInference
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import Prometheus
import ServiceKit

/// The executable's commands besides serving, with the service's own environment and database role:
///
///     ai-engine deploy SHIPPED [--knowledge FILE]
///     ai-engine models register NAME VERSION FORMAT LOCATION [--metrics FILE] [--promote]
///     ai-engine knowledge load FILE
///     ai-engine embed TEXT…
///     ai-engine featurize --model DIR < classes.jsonl > vectors.jsonl
///
/// `deploy` is what `make up` and the production compose's `ai-models` one-shot run: the models a
/// release ships (`SHIPPED/models.json` and `SHIPPED/<name>/<version>/`) are copied into
/// `MODELS_DIR`, registered, and promoted where the model has no production version yet (an
/// operator's later promotion is never undone); then the knowledge base is refreshed.
public enum AIEngineCommands {
    /// Runs a command and returns the exit status (2 for bad usage or configuration, 1 for a failure).
    public static func main(_ arguments: [String]) async -> Int32 {
        let usage = "usage: ai-engine deploy SHIPPED [--knowledge FILE] | models register NAME VERSION FORMAT LOCATION [--metrics FILE] [--promote] | knowledge load FILE | embed TEXT…"
        if arguments.first == "--help" {
            print(usage + " | featurize --model DIR < classes.jsonl")
            return 0
        }
        if arguments.first == "featurize" {
            return featurize(Array(arguments.dropFirst()))
        }
        do {
            let settings = try AIEngineSettings(environment: EnvironmentReader())
            var logger = Logger(label: "ai-engine")
            logger.logLevel = .warning
            switch arguments.first {
            case "models" where arguments.count >= 6 && arguments[1] == "register":
                return try await withEngine(settings, logger) { engine in try await register(Array(arguments.dropFirst(2)), engine: engine) }
            case "deploy" where arguments.count == 2 || (arguments.count == 4 && arguments[2] == "--knowledge"):
                return try await withEngine(settings, logger) { engine in
                    try await deploy(shipped: arguments[1], knowledge: arguments.count == 4 ? arguments[3] : nil, engine: engine)
                }
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

    /// Embeds class summaries read as JSON lines (`class`, `superclass`, `strings`) with the MiniLM in
    /// `--model DIR`, writing one JSON array of 384 floats per line: the classifier's features, made by
    /// the same code at training time as at conversion time. Needs no database.
    static func featurize(_ arguments: [String]) -> Int32 {
        guard arguments.count == 2, arguments[0] == "--model" else {
            FileHandle.standardError.write(Data("usage: ai-engine featurize --model DIR < classes.jsonl\n".utf8))
            return 2
        }
        struct Line: Decodable {
            let `class`: String
            let superclass: String?
            let strings: [String]?
        }
        do {
            let model = try MiniLM(folder: arguments[1])
            let input = FileHandle.standardInput.readDataToEndOfFile()
            var texts: [String] = []
            for (number, line) in input.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
                guard let entry = try? JSONDecoder().decode(Line.self, from: Data(line)) else {
                    throw AppError.badRequest("line \(number + 1) is not {class, superclass, strings}")
                }
                texts.append(ClassSummaryText.describe(name: entry.class, superclass: entry.superclass, strings: entry.strings ?? []))
            }
            var output = Data()
            for start in stride(from: 0, to: texts.count, by: 64) {
                for vector in model.embed(Array(texts[start..<min(start + 64, texts.count)])) {
                    output.append(try JSONSerialization.data(withJSONObject: vector))
                    output.append(UInt8(ascii: "\n"))
                }
            }
            FileHandle.standardOutput.write(output)
            return 0
        } catch {
            FileHandle.standardError.write(Data("ai-engine: \(error)\n".utf8))
            return 1
        }
    }

    /// One model a release ships (`models.json`).
    struct ShippedModel: Decodable {
        let name: String
        let version: String
        let format: String
        let promote: Bool?
        let metrics: JSONValueObject?
    }

    static func deploy(shipped: String, knowledge: String?, engine: AIEngine) async throws -> Int32 {
        let manifest = try JSONDecoder().decode([ShippedModel].self, from: Data(contentsOf: URL(fileURLWithPath: shipped + "/models.json")))
        let root = engine.settings.modelsDirectory
        let sameFolder = URL(fileURLWithPath: shipped).resolvingSymlinksInPath().path == URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        for model in manifest {
            guard ModelName.isValid(model.name), ModelName.isVersion(model.version), ModelRegistry.formats.contains(model.format) else {
                throw AppError.badRequest("models.json: \(model.name) \(model.version) needs a valid name, semantic version and format")
            }
            let location = "\(model.name)/\(model.version)"
            if !sameFolder { try copyMissing(from: shipped + "/" + location, to: root + "/" + location) }
            let files = try await ModelRegistration.inspect(location: location, in: root)
            // The version's metrics: the manifest's, else the metrics.json its training wrote.
            var metrics = model.metrics?.text ?? "{}"
            if model.metrics == nil, let data = FileManager.default.contents(atPath: root + "/" + location + "/metrics.json"),
               (try? JSONSerialization.jsonObject(with: data)) is [String: Any] {
                metrics = String(decoding: data, as: UTF8.self)
            }
            if let existing = try await engine.registry.version(model.name, model.version) {
                guard existing.sha256 == files.sha256 else {
                    throw AppError(.conflict, code: "version_exists", message: "\(model.name) \(model.version) is registered with other files (\(existing.sha256))")
                }
            } else {
                _ = try await engine.registry.register(
                    .staged(model: model.name, version: model.version, format: model.format, location: location, files: files, metrics: metrics, by: nil),
                    actor: nil, requestID: nil)
            }
            var state = "staged"
            if model.promote == true {
                if let production = try await engine.registry.production(model.name) {
                    state = production.version == model.version ? "in production" : "staged (\(production.version) stays in production)"
                } else {
                    guard let entry = try await engine.registry.version(model.name, model.version) else { return 1 }
                    _ = try await engine.load(entry, refusal: .conflict)
                    _ = try await engine.registry.promote(model.name, model.version, actor: nil, requestID: nil)
                    state = "promoted to production"
                }
            }
            print("models: \(model.name) \(model.version) (\(model.format), \(files.size) bytes, sha256 \(files.sha256.prefix(12))…): \(state)")
        }
        if let knowledge {
            let entries = try KnowledgeBase.read(knowledge)
            let (_, version) = try await engine.embedder()
            let report = try await engine.knowledge.refresh(entries, model: version.key) { texts in try await engine.embed(texts).0 }
            print("knowledge: \(entries.count) entries with \(version.key): \(report.added) added, \(report.updated) updated, "
                  + "\(report.unchanged) unchanged, \(report.removed) removed")
        }
        return 0
    }

    /// Copies the regular files of `source` that `target` lacks (nothing is overwritten).
    static func copyMissing(from source: String, to target: String) throws {
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where !name.hasPrefix(".") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source + "/" + name, isDirectory: &isFolder), !isFolder.boolValue,
                  !FileManager.default.fileExists(atPath: target + "/" + name) else { continue }
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: target + "/" + name)
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
                .staged(model: name, version: version, format: format, location: location, files: files, metrics: metrics, by: nil),
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
        let client = PostgresClient(configuration: settings.postgres.clientConfiguration, backgroundLogger: logger)
        let metrics = AIMetrics(registry: PrometheusCollectorRegistry())  // a command's figures are not scraped
        let engine = AIEngine(
            settings: settings, registry: ModelRegistry(postgres: client, logger: logger),
            cache: ModelCache(budget: settings.cacheBytes, modelsDirectory: settings.modelsDirectory, inferenceThreads: settings.inferenceThreads,
                                 matrixBackend: settings.matrixBackend,
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

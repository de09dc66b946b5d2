import AIInference
import Crypto
import Foundation
import Logging
import ServiceKit

/// A model in memory, ready to run.
public enum LoadedModel: Sendable {
    case encoder(MiniLM)
    case linear(LinearModel)
    case custom(any CustomModel)

    /// Bytes the model holds in memory (what the cache's budget counts).
    var bytes: Int {
        switch self {
        case .encoder(let model): model.weightBytes
        case .linear(let model): model.byteCount
        case .custom(let model): model.residentBytes
        }
    }
}

/// A model written in Swift, registered under `kind` and named by a `custom` version's
/// `model.json` (`{"kind": "…"}`); it loads itself from the version's folder.
public protocol CustomModel: AnyObject, Sendable {
    /// The `kind` its `model.json` names.
    static var kind: String { get }
    /// Loads from the version's folder.
    init(folder: String) throws
    /// Bytes it holds in memory.
    var residentBytes: Int { get }
}

/// The loaded models, bounded by bytes: a model loads on first use (its checksum verified against
/// the registry first), the least recently used ones are evicted when the budget is exceeded, and
/// concurrent first uses share one load. Loads run on a thread of their own.
public actor ModelCache {
    struct Entry {
        let model: LoadedModel
        let bytes: Int
        var lastUse: UInt64
    }

    public let budget: Int
    let modelsDirectory: String
    let customKinds: [String: any CustomModel.Type]
    let loader: ComputeThread
    let inferenceThreads: Int
    let matrixBackend: MatrixBackend
    let metrics: AIMetrics
    let logger: Logger
    private var entries: [String: Entry] = [:]
    private var loading: [String: Task<LoadedModel, any Error>] = [:]
    private var tick: UInt64 = 0

    public init(budget: Int, modelsDirectory: String, inferenceThreads: Int, matrixBackend: MatrixBackend = .standard,
                customKinds: [any CustomModel.Type] = [], metrics: AIMetrics, logger: Logger) {
        self.budget = budget
        self.modelsDirectory = modelsDirectory
        self.inferenceThreads = inferenceThreads
        self.matrixBackend = matrixBackend
        self.customKinds = Dictionary(customKinds.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
        self.metrics = metrics
        loader = ComputeThread(name: "model-loader")
    }

    /// The keys held, least recently used first.
    public var loadedKeys: [String] { entries.sorted { $0.value.lastUse < $1.value.lastUse }.map(\.key) }

    /// Bytes held.
    public var bytesHeld: Int { entries.values.reduce(0) { $0 + $1.bytes } }

    /// Whether `version` is in memory now (no load started).
    public func holds(_ version: ModelVersion) -> Bool { entries[version.key] != nil }

    /// The model of `version`, loading it when it is not in memory.
    /// - Throws: ``ModelLoadError`` (checksum mismatch, a path outside the models folder, a bad file,
    ///   a model larger than the whole budget).
    public func model(_ version: ModelVersion) async throws -> LoadedModel {
        metrics.register(model: version.model, version: version.version)
        tick += 1
        if var entry = entries[version.key] {
            entry.lastUse = tick
            entries[version.key] = entry
            metrics.count("model_cache_hits_total", model: version.model, version: version.version)
            return entry.model
        }
        metrics.count("model_cache_misses_total", model: version.model, version: version.version)
        if let pending = loading[version.key] { return try await pending.value }
        let folder = modelsDirectory, kinds = customKinds, threads = inferenceThreads, backend = matrixBackend
        let task = Task { [loader] in
            try await loader.run { try Self.load(version, modelsDirectory: folder, customKinds: kinds, inferenceThreads: threads, backend: backend) }
        }
        loading[version.key] = task
        defer { loading[version.key] = nil }
        let model: LoadedModel
        do {
            model = try await task.value
        } catch let error as ModelLoadError {
            metrics.loadFailed(model: version.model, version: version.version, code: error.code)
            throw error
        }
        let bytes = model.bytes
        guard bytes <= budget else {
            throw ModelLoadError(code: "model_too_large", message: "\(version.key) needs \(bytes) bytes, more than the cache's budget of \(budget)")
        }
        metrics.count("model_loads_total", model: version.model, version: version.version)
        tick += 1
        entries[version.key] = Entry(model: model, bytes: bytes, lastUse: tick)
        evict(keeping: version.key)
        logger.info("model loaded", metadata: ["model": "\(version.key)", "bytes": "\(bytes)", "cache_bytes": "\(bytesHeld)"])
        return model
    }

    /// Drops least recently used models until the budget holds (never `kept`).
    private func evict(keeping kept: String) {
        while bytesHeld > budget, let victim = entries.filter({ $0.key != kept }).min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[victim.key] = nil
            let parts = victim.key.split(separator: "@", maxSplits: 1).map(String.init)
            metrics.count("model_cache_evictions_total", model: parts[0], version: parts.count > 1 ? parts[1] : "")
            logger.info("model evicted", metadata: ["model": "\(victim.key)", "bytes": "\(victim.value.bytes)"])
        }
        metrics.cacheBytes(bytesHeld)
    }

    // MARK: - Loading (on the loader thread)

    /// Resolves the version's folder inside the models folder, verifies its checksum and loads it.
    static func load(_ version: ModelVersion, modelsDirectory: String, customKinds: [String: any CustomModel.Type], inferenceThreads: Int,
                     backend: MatrixBackend) throws -> LoadedModel {
        let folder = try ModelFiles.resolve(version.location, in: modelsDirectory)
        let (sha, size) = try ModelFiles.checksum(folder: folder)
        guard sha == version.sha256 else {
            throw ModelLoadError(code: "model_checksum_mismatch",
                                 message: "\(version.key) on disk has SHA-256 \(sha) (\(size) bytes); the registry holds \(version.sha256)")
        }
        do {
            switch version.format {
            case "bert-safetensors": return .encoder(try MiniLM(folder: folder, parallelism: inferenceThreads, backend: backend))
            case "sklearn-linear": return .linear(try LinearModel(folder: folder))
            default:
                let description = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/model.json"))) as? [String: Any]
                guard let kind = description?["kind"] as? String, let type = customKinds[kind] else {
                    throw ModelLoadError(code: "model_unknown_kind", message: "\(version.key): model.json names no custom model kind this service knows")
                }
                return .custom(try type.init(folder: folder))
            }
        } catch let error as ModelLoadError {
            throw error
        } catch {
            throw ModelLoadError(code: "model_invalid", message: "\(version.key) could not be loaded: \(error)")
        }
    }
}

/// Why a model was not loaded.
public struct ModelLoadError: Error, CustomStringConvertible {
    public let code: String
    public let message: String
    public var description: String { message }
}

/// A version's files: where they are and what they hash to.
public enum ModelFiles {
    /// The real path of `location` inside `root`, refusing anything that resolves outside it.
    public static func resolve(_ location: String, in root: String) throws -> String {
        guard !location.isEmpty, !location.hasPrefix("/"), !location.split(separator: "/").contains("..") else {
            throw ModelLoadError(code: "model_location_invalid", message: "a model's location is a relative path inside the models folder")
        }
        let base = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: root + "/" + location).resolvingSymlinksInPath().path
        guard target.hasPrefix(base + "/") else {
            throw ModelLoadError(code: "model_location_invalid", message: "\(location) resolves outside the models folder")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue else {
            throw ModelLoadError(code: "model_location_missing", message: "\(location) is not a folder in the models folder")
        }
        return target
    }

    /// SHA-256 over the folder's regular files in name order (each file's name, a NUL, then its
    /// bytes) and their total size. Hidden files and subfolders are not part of a version.
    public static func checksum(folder: String) throws -> (sha256: String, size: Int64) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        for name in names {
            let path = folder + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw ModelLoadError(code: "model_unreadable", message: "\(name) cannot be read") }
            defer { try? handle.close() }
            hasher.update(data: Data(name.utf8) + [0])
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 { throw ModelLoadError(code: "model_unreadable", message: "\(name) cannot be read") }
                if count == 0 { break }
                buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
                size += Int64(count)
            }
        }
        guard size > 0 else { throw ModelLoadError(code: "model_location_missing", message: "the model's folder holds no files") }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), size)
    }
}

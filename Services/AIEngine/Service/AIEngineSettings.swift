import AIInference
import Contracts
import Foundation
import ServiceKit

/// Configuration of the `ai-engine` service: the shared variables, PostgreSQL and Redis, and
///
/// - `MODELS_DIR` (required, absolute): the folder model versions are registered from; a version's
///   location is a path inside it, and nothing outside it is ever loaded.
/// - `MODEL_CACHE_BYTES` (default 536,870,912: 512 MiB): the loaded models' byte budget (LRU).
/// - `EMBEDDER_MODEL` (default `all-minilm-l6-v2`): the registered model whose production version
///   embeds texts; the service is ready only once it is loaded.
/// - `CLASSIFIER_MODEL` (default `feature-kind-classifier`): the model that names the kind of a
///   Java class the conversion engine has no rule for.
/// - `EMBED_MAX_TEXTS` (default 64, 1–1,024), `EMBED_MAX_TEXT_BYTES` (default 4,096): the largest
///   request; more texts or a longer text is a 422 naming the limit.
/// - `BATCH_MAX_TEXTS` (default 64), `BATCH_MAX_WAIT_MS` (default 4, 0–100): dynamic batching of
///   concurrent requests into one forward pass.
/// - `MODEL_UPLOAD_MAX_BYTES` (default 1,073,741,824: 1 GiB): the largest model upload (all files).
/// - `INFERENCE_THREADS` (default: the processor count, 1–64): threads a forward pass is split across.
/// - `MATRIX_BACKEND` (default `onednn`, or `openblas`): the library computing the encoder's matrix
///   products (``MatrixBackend``).
/// - `AUTH_URL`, `AUTH_ISSUER`: where the JWKS is fetched from, to verify service tokens.
public struct AIEngineSettings: ServiceSettings {
    public var standard: StandardSettings
    /// The service's PostgreSQL role and database (`POSTGRES_*`).
    public var postgres: PostgresSettings
    public var modelsDirectory: String
    public var cacheBytes: Int
    public var embedderModel: String
    public var classifierModel: String
    public var maxTexts: Int
    public var maxTextBytes: Int
    public var batchMaxTexts: Int
    public var batchMaxWait: Duration
    public var inferenceThreads: Int
    public var matrixBackend: MatrixBackend
    public var uploadLimit: Int
    public var authURL: String
    public var issuer: String

    public var common: ServiceConfiguration { standard.common }

    public init(environment: EnvironmentReader) throws {
        standard = try StandardSettings(service: .aiEngine, environment: environment)
        postgres = try PostgresSettings(environment: environment)
        modelsDirectory = try environment.required("MODELS_DIR")
        guard modelsDirectory.hasPrefix("/") else { throw ConfigurationError(variable: "MODELS_DIR", problem: "must be an absolute path") }
        cacheBytes = try environment.integer("MODEL_CACHE_BYTES", default: 536_870_912, in: 1_048_576...68_719_476_736)
        embedderModel = environment.string("EMBEDDER_MODEL", default: "all-minilm-l6-v2")
        classifierModel = environment.string("CLASSIFIER_MODEL", default: "feature-kind-classifier")
        for (name, value) in [("EMBEDDER_MODEL", embedderModel), ("CLASSIFIER_MODEL", classifierModel)] where !ModelName.isValid(value) {
            throw ConfigurationError(variable: name, problem: "must be a model name (lower-case letters, digits, '.', '_', '-')")
        }
        maxTexts = try environment.integer("EMBED_MAX_TEXTS", default: 64, in: 1...1_024)
        maxTextBytes = try environment.integer("EMBED_MAX_TEXT_BYTES", default: 4_096, in: 16...65_536)
        batchMaxTexts = try environment.integer("BATCH_MAX_TEXTS", default: 64, in: 1...1_024)
        batchMaxWait = .milliseconds(try environment.integer("BATCH_MAX_WAIT_MS", default: 4, in: 0...100))
        uploadLimit = try environment.integer("MODEL_UPLOAD_MAX_BYTES", default: 1_073_741_824, in: 1_024...17_179_869_184)
        inferenceThreads = try environment.integer("INFERENCE_THREADS", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...64)
        let backend = environment.string("MATRIX_BACKEND", default: MatrixBackend.standard.rawValue)
        guard let matrixBackend = MatrixBackend(rawValue: backend) else {
            throw ConfigurationError(variable: "MATRIX_BACKEND", problem: "must be one of " + MatrixBackend.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.matrixBackend = matrixBackend
        authURL = try environment.required("AUTH_URL")
        guard authURL.hasPrefix("http://") || authURL.hasPrefix("https://"), !authURL.hasSuffix("/") else {
            throw ConfigurationError(variable: "AUTH_URL", problem: "must be an http(s) URL without a trailing slash")
        }
        issuer = environment.string("AUTH_ISSUER", default: "modporter-auth")
    }
}

/// The rules for model names and versions (the same as the registry's table constraints).
public enum ModelName {
    /// Lower-case letters and digits, then also `.`, `_`, `-`; at most 64 characters.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 64 else { return false }
        let allowed = { (byte: UInt8) in (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        return allowed(first) && name.utf8.allSatisfy { allowed($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// A semantic version `MAJOR.MINOR.PATCH[-pre]`, numbers without leading zeros.
    public static func isVersion(_ version: String) -> Bool {
        let parts = version.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard version.utf8.count <= 64, numbers.count == 3 else { return false }
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber), number == "0" || number.first != "0" else { return false }
        }
        if parts.count == 2 {
            return !parts[1].isEmpty && parts[1].utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2E || $0 == 0x2D }
        }
        return true
    }
}

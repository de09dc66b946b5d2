import AIEngineService
import AIInference
import Foundation
import Prometheus
import Testing
import TestSupport

/// Writes scikit-learn-style linear models the way `scripts/export_sklearn_linear.py` does.
enum LinearModelFiles {
    /// A safetensors file holding the named float32 tensors.
    static func safetensors(_ tensors: [(String, [Int], [Float])]) -> Data {
        var header: [String: Any] = [:]
        var payload = Data()
        for (name, shape, values) in tensors {
            let start = payload.count
            values.withUnsafeBufferPointer { payload.append(Data(buffer: $0)) }
            header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [start, payload.count]]
        }
        let json = try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        var length = UInt64(json.count).littleEndian
        return Data(bytes: &length, count: 8) + json + payload
    }

    /// A `classes × features` logistic regression under `root/location`.
    static func write(root: String, location: String, classes: [String], features: Int, weight: Float = 1) throws {
        let folder = root + "/" + location
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let description: [String: Any] = ["estimator": "logistic_regression", "classes": classes, "features": features]
        try JSONSerialization.data(withJSONObject: description).write(to: URL(fileURLWithPath: folder + "/model.json"))
        var coefficients = [Float](repeating: 0, count: classes.count * features)
        for row in 0..<classes.count { coefficients[row * features + row % features] = weight }
        try safetensors([("coef", [classes.count, features], coefficients), ("intercept", [classes.count], [Float](repeating: 0, count: classes.count))])
            .write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
    }

    static func version(_ name: String, _ version: String, root: String) throws -> ModelVersion {
        let (sha, size) = try ModelFiles.checksum(folder: root + "/\(name)/\(version)")
        return ModelVersion(model: name, version: version, format: "sklearn-linear", location: "\(name)/\(version)", sha256: sha, sizeBytes: size,
                            status: "staged", metrics: "{}", registeredBy: nil, registeredAt: Date(), deployedBy: nil, deployedAt: nil, previousProduction: nil)
    }

    static func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("models-" + uniqueSuffix()).path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }
}

@Suite("AI engine: the byte-bounded model cache and the files it trusts")
struct ModelCacheTests {
    /// Three models of ~6 KB each under a budget that holds two: the least recently used goes.
    @Test func theLeastRecentlyUsedModelIsEvictedUnderASmallBudget() async throws {
        let root = try LinearModelFiles.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["a", "b", "c"] { try LinearModelFiles.write(root: root, location: "\(name)/1.0.0", classes: ["x", "y", "z", "w"], features: 384) }
        let versions = try ["a", "b", "c"].map { try LinearModelFiles.version($0, "1.0.0", root: root) }
        let one = 4 * 384 * 4 + 4 * 4
        let cache = ModelCache(budget: 2 * one + 100, modelsDirectory: root, inferenceThreads: 1, metrics: AIMetrics(registry: PrometheusCollectorRegistry()), logger: testLogger())
        _ = try await cache.model(versions[0])
        _ = try await cache.model(versions[1])
        #expect(await cache.loadedKeys == ["a@1.0.0", "b@1.0.0"])
        _ = try await cache.model(versions[0])  // a is now the most recent
        _ = try await cache.model(versions[2])  // over budget: b goes
        #expect(await cache.loadedKeys == ["a@1.0.0", "c@1.0.0"])
        #expect(await cache.bytesHeld == 2 * one)
        #expect(await !cache.holds(versions[1]))
        // Loading b again evicts the least recent of the two left (a).
        _ = try await cache.model(versions[1])
        #expect(await cache.loadedKeys == ["c@1.0.0", "b@1.0.0"])
    }

    @Test func aModelLargerThanTheWholeBudgetIsRefused() async throws {
        let root = try LinearModelFiles.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try LinearModelFiles.write(root: root, location: "big/1.0.0", classes: ["x", "y"], features: 4_096)
        let cache = ModelCache(budget: 1_024, modelsDirectory: root, inferenceThreads: 1, metrics: AIMetrics(registry: PrometheusCollectorRegistry()), logger: testLogger())
        let error = await #expect(throws: ModelLoadError.self) { try await cache.model(try LinearModelFiles.version("big", "1.0.0", root: root)) }
        #expect(error?.code == "model_too_large")
        #expect(await cache.loadedKeys.isEmpty)
    }

    /// One changed byte after registration and the model is refused before it is parsed.
    @Test func tamperedFilesAreRefusedByTheirChecksum() async throws {
        let root = try LinearModelFiles.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try LinearModelFiles.write(root: root, location: "m/1.0.0", classes: ["x", "y"], features: 8)
        let version = try LinearModelFiles.version("m", "1.0.0", root: root)
        let path = root + "/m/1.0.0/model.safetensors"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let cache = ModelCache(budget: 1 << 20, modelsDirectory: root, inferenceThreads: 1, metrics: AIMetrics(registry: PrometheusCollectorRegistry()), logger: testLogger())
        let error = await #expect(throws: ModelLoadError.self) { try await cache.model(version) }
        #expect(error?.code == "model_checksum_mismatch")
        #expect(error?.message.contains(version.sha256) == true)
    }

    /// A location is a folder inside the models folder: not absolute, no `..`, no symlink out.
    @Test func locationsOutsideTheModelsFolderAreRefused() throws {
        let root = try LinearModelFiles.temporaryRoot()
        let outside = try LinearModelFiles.temporaryRoot()
        defer { for folder in [root, outside] { try? FileManager.default.removeItem(atPath: folder) } }
        try LinearModelFiles.write(root: outside, location: "m/1.0.0", classes: ["x", "y"], features: 8)
        try FileManager.default.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside + "/m")
        for location in ["/etc", "../x", "m/../../x", "", "escape/1.0.0", "missing/1.0.0"] {
            let error = #expect(throws: ModelLoadError.self) { try ModelFiles.resolve(location, in: root) }
            #expect(["model_location_invalid", "model_location_missing"].contains(error?.code ?? ""), "\(location)")
        }
        try LinearModelFiles.write(root: root, location: "m/1.0.0", classes: ["x", "y"], features: 8)
        #expect(try ModelFiles.resolve("m/1.0.0", in: root).hasSuffix("/m/1.0.0"))
    }

    @Test func aLinearModelPredictsWithProbabilities() throws {
        let root = try LinearModelFiles.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try LinearModelFiles.write(root: root, location: "m/1.0.0", classes: ["block", "item", "entity"], features: 3, weight: 4)
        let model = try LinearModel(folder: root + "/m/1.0.0")
        let (label, scores) = try model.predict([0, 1, 0])
        #expect(label == "item")
        #expect(abs(scores.values.reduce(0, +) - 1) < 1e-5)
        #expect(scores["item"]! > 0.9)
        // A description that disagrees with the tensors is refused with the reason.
        try JSONSerialization.data(withJSONObject: ["estimator": "ridge", "classes": ["a", "b", "c"], "features": 5])
            .write(to: URL(fileURLWithPath: root + "/m/1.0.0/model.json"))
        #expect(throws: SafeTensorsError.self) { try LinearModel(folder: root + "/m/1.0.0") }
    }
}

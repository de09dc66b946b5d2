import AIEngineService
import AIInference
import Foundation
import Prometheus
import Testing
import TestSupport

/// Dynamic batching with the real MiniLM: concurrent requests share forward passes, and packing a
/// text with others does not change its vector.
@Suite("AI engine: dynamic batching")
struct EmbeddingBatcherTests {
    @Test func concurrentRequestsShareForwardPassesAndGetTheirOwnVectors() async throws {
        let stack = try LocalStack.current()
        let folder = stack.value("STACK_DIR") + "/models/all-minilm-l6-v2/1.0.0"
        let worker = ComputeThread(name: "test-model")
        defer { worker.stop() }
        let model = try await worker.run { try MiniLM(folder: folder) }
        let registry = PrometheusCollectorRegistry()
        let batcher = EmbeddingBatcher(maxTexts: 64, maxWait: .milliseconds(40), metrics: AIMetrics(registry: registry))
        let version = ModelVersion(
            model: "all-minilm-l6-v2", version: "1.0.0", format: "bert-safetensors", location: "all-minilm-l6-v2/1.0.0", sha256: String(repeating: "0", count: 64),
            sizeBytes: 1, status: "production", metrics: "{}", registeredBy: nil, registeredAt: Date(), deployedBy: nil, deployedAt: nil, previousProduction: nil)
        let texts = (0..<24).map { "request \($0): a furnace that smelts \(["ore", "sand", "logs", "food"][$0 % 4]) faster with \($0 % 5 + 1) upgrades" }
        let answers = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, try await batcher.embed([model.tokenizer.encode(text)], model: model, version: version)[0]) }
            }
            var out = [Int: [Float]]()
            for try await (index, vector) in group { out[index] = vector }
            return out
        }
        let alone = try await worker.run { texts.map { model.embed([$0])[0] } }
        for index in texts.indices {
            let vector = try #require(answers[index])
            let cosine = zip(vector, alone[index]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(cosine > 0.99999, "text \(index): \(cosine)")
        }
        let exposition = registry.emitToString()
        let passes = exposition.split(separator: "\n").first { $0.hasPrefix("embedding_batch_texts_count") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        let count = try #require(passes, "\(exposition)")
        #expect(count >= 1 && count < Double(texts.count), "24 concurrent requests ran as \(count) forward passes")
        #expect(exposition.contains("embedding_batch_texts_sum 24"))
        #expect(exposition.contains("model_inference_seconds_count{model=\"all-minilm-l6-v2\",version=\"1.0.0\"}"))
    }
}

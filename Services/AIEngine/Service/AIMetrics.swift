import Prometheus

/// The ai-engine's own metrics, per model and version: `model_cache_hits_total`,
/// `model_cache_misses_total`, `model_loads_total`, `model_cache_evictions_total`,
/// `model_load_failures_total{model,version,code}`, `model_inference_seconds` (one forward pass of
/// a batch) and `embedding_batch_texts` (texts per pass), with the gauge `model_cache_bytes`.
public final class AIMetrics: Sendable {
    static let inferenceBuckets: [Duration] = [
        .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        registry.makeGauge(name: "model_cache_bytes").set(Double(0))
        _ = registry.makeValueHistogram(name: "embedding_batch_texts", buckets: Self.batchBuckets)
    }

    /// Creates a model's series at zero (alerts and dashboards see them before the first use).
    func register(model: String, version: String) {
        let labels = [("model", model), ("version", version)]
        for name in ["model_cache_hits_total", "model_cache_misses_total", "model_loads_total", "model_cache_evictions_total"] {
            _ = registry.makeCounter(name: name, labels: labels)
        }
        _ = registry.makeDurationHistogram(name: "model_inference_seconds", labels: labels, buckets: Self.inferenceBuckets)
        for code in ["model_checksum_mismatch", "model_invalid"] {
            _ = registry.makeCounter(name: "model_load_failures_total", labels: labels + [("code", code)])
        }
    }

    func count(_ name: String, model: String, version: String) {
        registry.makeCounter(name: name, labels: [("model", model), ("version", version)]).increment()
    }

    func loadFailed(model: String, version: String, code: String) {
        registry.makeCounter(name: "model_load_failures_total", labels: [("model", model), ("version", version), ("code", code)]).increment()
    }

    func inference(model: String, version: String, duration: Duration, texts: Int) {
        registry.makeDurationHistogram(name: "model_inference_seconds", labels: [("model", model), ("version", version)], buckets: Self.inferenceBuckets)
            .record(duration)
        registry.makeValueHistogram(name: "embedding_batch_texts", buckets: Self.batchBuckets).record(Double(texts))
    }

    func cacheBytes(_ bytes: Int) {
        registry.makeGauge(name: "model_cache_bytes").set(Double(bytes))
    }
}

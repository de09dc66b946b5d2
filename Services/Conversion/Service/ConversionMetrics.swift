import Contracts
import Metrics

/// The conversion service's own metrics: `conversions_total{status}`, `conversion_duration_seconds`,
/// `conversion_features_total{kind,result}`, `job_lease_expirations_total`,
/// `conversion_cache_hits_total` (series created at zero at start-up) and the gauges
/// `job_queue_depth`, `artifact_store_bytes` and the artifact store's file system,
/// `artifact_store_free_bytes` / `artifact_store_capacity_bytes`.
public struct ConversionMetrics: Sendable {
    let leaseExpirations = Counter(label: "job_lease_expirations_total")
    let cacheHits = Counter(label: "conversion_cache_hits_total")
    let queueDepth = Gauge(label: "job_queue_depth")
    let storeBytes = Gauge(label: "artifact_store_bytes")
    let storeFree = Gauge(label: "artifact_store_free_bytes")
    let storeCapacity = Gauge(label: "artifact_store_capacity_bytes")
    let duration = Timer(label: "conversion_duration_seconds", preferredDisplayUnit: .seconds)

    public init() {
        for status in ConversionStatus.allCases where status.isFinal {
            Counter(label: "conversions_total", dimensions: [("status", status.rawValue)]).increment(by: 0)
        }
        leaseExpirations.increment(by: 0)
        cacheHits.increment(by: 0)
    }

    func record(status: ConversionStatus, duration elapsed: Duration) {
        Counter(label: "conversions_total", dimensions: [("status", status.rawValue)]).increment()
        if elapsed > .zero { duration.recordNanoseconds(Int64(elapsed.components.seconds) * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000) }
    }

    func feature(kind: String, result: String) {
        Counter(label: "conversion_features_total", dimensions: [("kind", kind), ("result", result)]).increment()
    }
}

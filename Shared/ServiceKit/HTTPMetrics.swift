import Prometheus

/// RED metrics per route, on a Prometheus registry:
/// `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route}`.
public final class HTTPMetrics: Sendable {
    /// Histogram buckets from 1 ms to 30 s.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    /// The registry the metrics live in (rendered by `GET /metrics`).
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// Records one finished request.
    public func record(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            name: "http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            name: "http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// Creates the series for a route at zero, so alerts and dashboards see them before the first
    /// request (the 5xx series included, which a ratio alert divides by).
    public func register(method: String, route: String) {
        for status in ["200", "500"] {
            _ = registry.makeCounter(
                name: "http_requests_total", labels: [("method", method), ("route", route), ("status", status)])
        }
        _ = registry.makeDurationHistogram(
            name: "http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.buckets)
    }
}

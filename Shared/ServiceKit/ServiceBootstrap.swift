import Contracts
import Logging
import Metrics
import OTel
import Prometheus
import ServiceLifecycle
import Tracing

/// Process-wide set-up done once in `main`, never in a build function (a second bootstrap of the
/// logging, metrics or instrumentation system stops the process).
public enum ServiceBootstrap {
    /// Installs JSON-lines logging for `service` (each line inside a traced operation carries its
    /// `trace_id` and `span_id`) and a Prometheus metrics backend feeding `registry`, and returns
    /// the root logger.
    public static func bootstrap(
        service: ServiceName, logLevel: Logger.Level, registry: PrometheusCollectorRegistry
    ) -> Logger {
        let traceIDs = OTel.makeLoggingMetadataProvider()
        LoggingSystem.bootstrap({ label, provider in
            JSONLogHandler(label: label, service: service.rawValue, level: logLevel, metadataProvider: provider)
        }, metadataProvider: traceIDs)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "modporter.\(service.rawValue)")
        logger.logLevel = logLevel
        return logger
    }

    /// Tracing, always on: every request gets a trace (continuing the caller's W3C `traceparent`),
    /// every outgoing HTTP call sends one, and log lines inside carry the ids. When
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set the spans are
    /// exported over OTLP/HTTP (protobuf); otherwise only spans whose caller sampled them are
    /// recorded, and dropped once finished (log lines carry the ids either way). The returned
    /// service runs the exporter and must run in the process's service group. The other `OTEL_*`
    /// variables of the OpenTelemetry specification (sampler, batch delays) apply as swift-otel
    /// reads them.
    public static func tracing(service: ServiceName, environment: EnvironmentReader) throws -> any Service {
        let endpoint = environment.optional("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") ?? environment.optional("OTEL_EXPORTER_OTLP_ENDPOINT")
        if let endpoint, !endpoint.hasPrefix("http://"), !endpoint.hasPrefix("https://") {
            throw ConfigurationError(variable: "OTEL_EXPORTER_OTLP_ENDPOINT", problem: "must be an http(s) URL")
        }
        var configuration = OTel.Configuration.default
        configuration.serviceName = service.rawValue
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        let exporting = !(endpoint?.isEmpty ?? true)
        configuration.traces.exporter = exporting ? .otlp : .none
        // With nowhere to send spans, a request's span is not recorded unless its caller's was
        // (parent-based): ids are still made, carried on and written in log lines, for a fraction
        // of the cost per request. `OTEL_TRACES_SAMPLER` overrides either default.
        if !exporting { configuration.traces.sampler = .parentBasedAlwaysOff }
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return backend.service
    }
}

import Contracts
import Hummingbird
import HTTPTypes
import ServiceKit
import HummingbirdTesting
import Logging
import Prometheus
import NIOCore
import Testing

/// Checks what every service must answer: `/health/live`, `/health/ready` with the expected
/// dependencies up, and `/metrics` with the RED series and `service_info`.
public func expectHealthyService(
    _ client: some TestClientProtocol, service: ServiceName, dependencies: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    try await client.execute(uri: "/health/live", method: .get) { response in
        #expect(response.status == .ok, sourceLocation: sourceLocation)
    }
    try await client.execute(uri: "/health/ready", method: .get, headers: [.requestID: "probe-1"]) { response in
        #expect(response.status == .ok, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.headers[.requestID] == "probe-1", sourceLocation: sourceLocation)
        let report = try decodeJSON(ReadinessReport.self, from: response.body)
        #expect(report.service == service.rawValue, sourceLocation: sourceLocation)
        #expect(report.dependencies.map(\.name) == dependencies, sourceLocation: sourceLocation)
        #expect(report.dependencies.allSatisfy { $0.status == "up" }, sourceLocation: sourceLocation)
    }
    try await client.execute(uri: "/metrics", method: .get) { response in
        let text = String(buffer: response.body)
        #expect(text.contains("service_info{service=\"\(service.rawValue)\"} 1"), sourceLocation: sourceLocation)
        #expect(text.contains("http_requests_total{method=\"GET\",route=\"/health/ready\",status=\"200\"}"), sourceLocation: sourceLocation)
        #expect(text.contains("http_request_duration_seconds_bucket"), sourceLocation: sourceLocation)
    }
}

/// Builds a service that uses PostgreSQL (as its own role from the stack) and Redis, and checks
/// its health and metrics with ``expectHealthyService(_:service:dependencies:sourceLocation:)``.
public func expectDatabaseServiceServes<App: ApplicationProtocol>(
    _ service: ServiceName, role: String,
    build: (StandardSettings, PrometheusCollectorRegistry, Logger) -> App,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let stack = try LocalStack.current()
    let settings = StandardSettings(
        common: ServiceConfiguration(service: service, port: 0), postgres: stack.postgres(role: role), redis: stack.redis)
    let app = build(settings, PrometheusCollectorRegistry(), testLogger())
    try await app.test(.router) { client in
        try await expectHealthyService(client, service: service, dependencies: ["postgres", "redis"], sourceLocation: sourceLocation)
    }
}

/// Checks that a database service's settings require the PostgreSQL variables and read the rest.
public func expectDatabaseServiceSettings(
    _ read: (EnvironmentReader) throws -> StandardSettings, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(throws: ConfigurationError.self, sourceLocation: sourceLocation) { try read(EnvironmentReader(["HTTP_PORT": "1"])) }
    let settings = try read(EnvironmentReader(["HTTP_PORT": "9999", "POSTGRES_DB": "db", "POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p"]))
    #expect(settings.common.port == 9999, sourceLocation: sourceLocation)
    #expect(settings.postgres?.user == "u", sourceLocation: sourceLocation)
    #expect(settings.redis != nil, sourceLocation: sourceLocation)
}

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

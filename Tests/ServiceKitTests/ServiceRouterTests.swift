import Contracts
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Prometheus
import RedisKit
import ServiceKit
import Testing
import TestSupport

/// A dependency whose state the test sets (pure logic: the real stores are tested elsewhere).
final class SwitchableCheck: DependencyCheck, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var down = false
    init(name: String) { self.name = name }
    func set(down: Bool) { lock.withLock { self.down = down } }
    func check() async throws {
        if lock.withLock({ down }) { throw TestSetupError("\(name) is switched off") }
    }
}

/// A dependency that never answers.
struct HangingCheck: DependencyCheck {
    let name = "hangs"
    func check() async throws { try await Task.sleep(for: .seconds(3600)) }
}

func makeTestApplication(checks: [any DependencyCheck], registry: PrometheusCollectorRegistry = .init())
    -> Application<RouterResponder<BasicRequestContext>>
{
    let metrics = HTTPMetrics(registry: registry)
    let router = ServiceRouter.make(
        context: BasicRequestContext.self, service: .auth, metrics: metrics, checks: checks, readinessTimeout: .milliseconds(300))
    router.get("/boom") { _, _ -> String in throw TestSetupError("secret internal detail") }
    router.get("/teapot") { _, _ -> String in throw AppError(.conflict, code: "already_exists", message: "it exists") }
    router.get("/redis-down") { _, _ -> String in throw RedisError.unreachable("127.0.0.1:1: connection refused") }
    router.get("/redis-error") { _, _ -> String in throw RedisError.server("ERR wrong number of arguments") }
    return ServiceRouter.application(
        router: router, configuration: ServiceConfiguration(service: .auth, port: 0), services: [], checks: [],
        metrics: metrics, logger: testLogger())
}

@Suite("Shared service router: health, metrics, request ids, errors")
struct ServiceRouterTests {
    @Test func liveAndReadyAnswerWithEachDependency() async throws {
        let database = SwitchableCheck(name: "postgres")
        let app = makeTestApplication(checks: [database, SwitchableCheck(name: "redis")])
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                let report = try decodeJSON(ReadinessReport.self, from: response.body)
                #expect(report.status == "ready")
                #expect(report.dependencies.map(\.name) == ["postgres", "redis"])
                #expect(report.dependencies.allSatisfy { $0.status == "up" && $0.latencyMS >= 0 })
            }
            database.set(down: true)
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try decodeJSON(ReadinessReport.self, from: response.body)
                #expect(report.status == "not_ready")
                #expect(report.dependencies.first { $0.name == "postgres" }?.status == "down")
                #expect(report.dependencies.first { $0.name == "redis" }?.status == "up")
            }
        }
    }

    @Test func aHangingDependencyTimesOutInsteadOfHangingReadiness() async throws {
        let app = makeTestApplication(checks: [HangingCheck()])
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try decodeJSON(ReadinessReport.self, from: response.body)
                #expect(report.dependencies.first?.error?.contains("timed out") == true)
            }
        }
    }

    @Test func validRequestIDsAreEchoedAndOthersReplaced() async throws {
        let app = makeTestApplication(checks: [])
        try await app.test(.router) { client in
            try await client.execute(uri: "/health/live", method: .get, headers: [.requestID: "abc.DEF_123-x"]) { response in
                #expect(response.headers[.requestID] == "abc.DEF_123-x")
            }
            for bad in ["has space", String(repeating: "a", count: 129), "semi;colon", "ü"] {
                try await client.execute(uri: "/health/live", method: .get, headers: [.requestID: bad]) { response in
                    let id = try #require(response.headers[.requestID])
                    #expect(id != bad)
                    #expect(RequestIDMiddleware<BasicRequestContext>.isValid(id))
                }
            }
        }
    }

    @Test func errorsUseTheOneJSONShapeWithTheRequestID() async throws {
        let app = makeTestApplication(checks: [])
        try await app.test(.router) { client in
            try await client.execute(uri: "/no/such/route", method: .get, headers: [.requestID: "req-404"]) { response in
                #expect(response.status == .notFound)
                let body = try decodeJSON(ErrorBody.self, from: response.body)
                #expect(body.error.code == "not_found")
                #expect(body.error.requestID == "req-404")
            }
            try await client.execute(uri: "/teapot", method: .get) { response in
                #expect(response.status == .conflict)
                let body = try decodeJSON(ErrorBody.self, from: response.body)
                #expect(body.error.code == "already_exists")
            }
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let text = String(buffer: response.body)
                let body = try decodeJSON(ErrorBody.self, from: response.body)
                #expect(body.error.code == "internal_error")
                #expect(!text.contains("secret internal detail"))
            }
            // A store out of reach is the platform's passing trouble: 503 with Retry-After; a store
            // that answered with an error is ours: 500.
            try await client.execute(uri: "/redis-down", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "2")
                let body = try decodeJSON(ErrorBody.self, from: response.body)
                #expect(body.error.code == "dependency_unavailable")
            }
            try await client.execute(uri: "/redis-error", method: .get) { response in
                #expect(response.status == .internalServerError)
            }
        }
    }

    @Test func metricsExposeREDSeriesCreatedAtZero() async throws {
        let registry = PrometheusCollectorRegistry()
        let app = makeTestApplication(checks: [], registry: registry)
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"http_requests_total{method="GET",route="/boom",status="500"} 0"#))
                #expect(text.contains(#"service_info{service="auth"} 1"#))
            }
            try await client.execute(uri: "/boom", method: .get) { _ in }
            try await client.execute(uri: "/nowhere/123", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(text.contains(#"http_requests_total{method="GET",route="/boom",status="500"} 1"#))
                #expect(text.contains(#"http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
                #expect(text.contains(#"http_request_duration_seconds_count{method="GET",route="/boom"} 1"#))
            }
        }
    }
}

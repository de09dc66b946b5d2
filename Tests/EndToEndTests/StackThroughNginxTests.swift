import Contracts
import Foundation
import NIOHTTP1
import Testing
import TestSupport

/// The test stack (`make test` starts it) seen from outside, through nginx.
@Suite("Platform through nginx")
struct StackThroughNginxTests {
    let stack = try! LocalStack.current()
    var base: String { "http://127.0.0.1:\(stack.port("NGINX_HTTP_PORT"))" }

    @Test func platformHealthReportsAllTenProcessesReady() async throws {
        let reply = try await get(base + "/api/v1/health")
        #expect(reply.status == 200, "\(reply.body)")
        let health = try reply.json(PlatformHealth.self)
        #expect(health.status == "ready")
        #expect(health.services.count == 10)
        let expected: [(String, String)] = [
            ("gateway", "GATEWAY_PORTS"), ("auth", "AUTH_PORTS"), ("conversion", "CONVERSION_PORTS"),
            ("ai-engine", "AI_ENGINE_PORTS"), ("realtime", "REALTIME_PORTS"),
        ].flatMap { service, key in stack.ports(key).map { (service, "127.0.0.1:\($0)") } }
        #expect(health.services.map { "\($0.service) \($0.instance)" } == expected.map { "\($0.0) \($0.1)" })
        #expect(health.services.allSatisfy { $0.status == "ready" })
    }

    @Test func httpsServesTheSameAPI() async throws {
        let reply = try await get("https://127.0.0.1:\(stack.port("NGINX_HTTPS_PORT"))/api/v1/health")
        #expect(reply.status == 200)
        #expect(reply.headers.first(name: "Strict-Transport-Security") != nil)
    }

    @Test func requestIDsTravelThroughNginxAndInvalidOnesAreReplaced() async throws {
        let kept = try await get(base + "/api/v1/health", headers: [("X-Request-ID", "e2e-request.1")])
        #expect(kept.headers.first(name: "X-Request-ID") == "e2e-request.1")
        let replaced = try await get(base + "/api/v1/health", headers: [("X-Request-ID", "bad id!")])
        let id = try #require(replaced.headers.first(name: "X-Request-ID"))
        #expect(id != "bad id!" && !id.isEmpty)
    }

    @Test func internalRoutesAreNotPublicAndUnknownRoutesUseTheErrorShape() async throws {
        let internalReply = try await get(base + "/internal/conversions", headers: [("X-Request-ID", "e2e-internal")])
        #expect(internalReply.status == 404)
        let body = try internalReply.json(ErrorBody.self)
        #expect(body.error.code == "not_found")
        #expect(body.error.requestID == "e2e-internal")

        let unknown = try await get(base + "/api/v1/no-such-thing")
        #expect(unknown.status == 404)
        #expect(try unknown.json(ErrorBody.self).error.code == "not_found")
    }

    @Test func securityHeadersAreSet() async throws {
        let reply = try await get(base + "/")
        #expect(reply.status == 200)
        #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
        #expect(reply.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(reply.headers.first(name: "Server") == "nginx")

        // API answers carry each header once, with the API's own CSP.
        let api = try await get(base + "/api/v1/health")
        for name in ["X-Request-ID", "X-Content-Type-Options", "X-Frame-Options", "Strict-Transport-Security", "Content-Security-Policy"] {
            #expect(api.headers[name].count == 1, "\(name): \(api.headers[name])")
        }
        #expect(api.headers.first(name: "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'")
    }

    @Test func theInternalListenerReachesEachServiceOnLoopback() async throws {
        let reply = try await get("http://127.0.0.1:\(stack.port("NGINX_INTERNAL_PORT"))/auth/health/ready")
        #expect(reply.status == 200)
        #expect(try reply.json(ReadinessReport.self).service == "auth")
    }

    @Test func everyServiceExportsMetrics() async throws {
        for key in ["GATEWAY_PORTS", "AUTH_PORTS", "CONVERSION_PORTS", "AI_ENGINE_PORTS", "REALTIME_PORTS"] {
            for port in stack.ports(key) {
                let reply = try await get("http://127.0.0.1:\(port)/metrics")
                #expect(reply.status == 200)
                #expect(reply.body.contains("http_requests_total{"))
                #expect(reply.body.contains("service_info{"))
            }
        }
    }

    @Test func prometheusScrapesEveryReplica() async throws {
        struct Targets: Decodable {
            struct Data: Decodable { let activeTargets: [Target] }
            struct Target: Decodable { let scrapeUrl: String; let health: String }
            let data: Data
        }
        let url = "http://127.0.0.1:\(stack.port("PROMETHEUS_PORT"))/api/v1/targets?state=active"
        let allUp = await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
            guard let targets = try? await get(url).json(Targets.self) else { return false }
            let services = targets.data.activeTargets.filter { !$0.scrapeUrl.contains(":\(stack.port("PROMETHEUS_PORT"))/") }
            // Ten service replicas and the three exporters (PostgreSQL, Redis, the machine).
            return services.count == 13 && services.allSatisfy { $0.health == "up" }
        }
        #expect(allUp)
    }
}

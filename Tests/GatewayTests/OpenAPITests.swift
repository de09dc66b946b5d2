import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InternalHTTP
import Prometheus
import ServiceKit
import Testing
import TestSupport

/// The OpenAPI document tells the truth about the gateway: every public route the router really
/// has is documented, every documented operation is routed, and each declares the permission the
/// gateway enforces.
@Suite("gateway: the OpenAPI document")
struct OpenAPITests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    /// `METHOD /path` for each documented operation, with its `x-permission`.
    static func documentedOperations() throws -> [String: String?] {
        let paths = try #require(try document()["paths"] as? [String: [String: Any]])
        var operations: [String: String?] = [:]
        for (path, item) in paths {
            for (method, operation) in item {
                operations["\(method.uppercased()) \(path)"] = (operation as? [String: Any])?["x-permission"] as? String
            }
        }
        return operations
    }

    @Test func documentAndRouterAgreeBothWays() async throws {
        let stack = try LocalStack.current()
        let client = InternalHTTPClient()
        let settings = FrontDoorTests.settings(stack)
        let (router, _) = GatewayApplication.buildRouter(
            settings, metrics: HTTPMetrics(registry: PrometheusCollectorRegistry()), client: client, redis: RedisStore(settings.standard.redis, logger: testLogger()),
            logger: testLogger())
        let routed = Set(router.routes.filter { $0.path.description.hasPrefix("/api/") }.map { "\($0.method.rawValue) \($0.path.description)" })
        try await client.shutdown()
        let documented = try Self.documentedOperations()
        #expect(routed.count >= 20)
        #expect(routed.subtracting(documented.keys).sorted() == [], "routed but not documented")
        #expect(Set(documented.keys).subtracting(routed).sorted() == [], "documented but not routed")
        for route in ForwardedRoute.auth + ConversionRoutes.routes + ConversionRoutes.aiRoutes {
            let key = "\(route.method.rawValue) \(RouterPath(route.path).description)"
            #expect(documented[key] == .some(route.permission), "\(key) declares a different permission")
        }
    }

    @Test func theDocumentIsServedAndIsOpenAPI31() async throws {
        let stack = try LocalStack.current()
        try await FrontDoorTests.app(stack).test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let served = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(served["openapi"] as? String == "3.1.0")
            // Every $ref resolves.
            let text = OpenAPIDocument.json
            let document = try Self.document()
            let components = try #require(document["components"] as? [String: [String: Any]])
            let pattern = try Regex(##""\$ref": "#/components/(\w+)/(\w+)""##)
            for match in text.matches(of: pattern) {
                let kind = String(match.output[1].substring ?? "")
                let name = String(match.output[2].substring ?? "")
                #expect(components[kind]?[name] != nil, "unresolved $ref \(kind)/\(name)")
            }
        }
    }

    @Test func corsAnswersOnlyTheAllowedOrigins() async throws {
        let stack = try LocalStack.current()
        var settings = FrontDoorTests.settings(stack)
        settings.corsOrigins = ["https://app.modporter.example"]
        let app = GatewayApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            for (origin, allowed) in [("https://app.modporter.example", true), ("https://evil.example", false)] {
                let preflight = try await client.execute(
                    uri: "/api/v1/users/me", method: .options,
                    headers: [.origin: origin, .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization"])
                #expect(preflight.status == .noContent)
                #expect(preflight.headers[.accessControlAllowOrigin] == (allowed ? origin : nil))
                #expect((preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") ?? false) == allowed)
                let simple = try await client.execute(uri: "/api/v1/openapi.json", method: .get, headers: [.origin: origin])
                #expect(simple.status == .ok)
                #expect(simple.headers[.accessControlAllowOrigin] == (allowed ? origin : nil))
                #expect(simple.headers[.vary] == "Origin")
            }
            let sameOrigin = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(sameOrigin.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func perRoleAPILimitsGiveTheMostGenerousRole() throws {
        let byRole = try #require(APILimits.roles("creator=1200/60, admin=100/1"))
        let limits = APILimits(standard: RateLimit(limit: 600, period: .seconds(60)), byRole: byRole)
        #expect(limits.limit(for: ["user"]) == RateLimit(limit: 600, period: .seconds(60)))
        #expect(limits.limit(for: ["user", "creator"]) == RateLimit(limit: 1200, period: .seconds(60)))
        #expect(limits.limit(for: ["creator", "admin"]) == RateLimit(limit: 100, period: .seconds(1)))
        #expect(APILimits.roles("root=1/1") == nil)
        #expect(APILimits.roles("admin=many") == nil)
        #expect(APILimits.roles("")?.isEmpty == true)
    }
}

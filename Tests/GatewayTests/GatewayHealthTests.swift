import Contracts
import GatewayApp
import HTTPTypes
import HummingbirdTesting
import Prometheus
import ServiceKit
import Testing
import TestSupport

@Suite("gateway: platform health")
struct GatewayHealthTests {
    func targets(_ stack: LocalStack) -> [HealthTarget] {
        [("GATEWAY_PORTS", ServiceName.gateway), ("AUTH_PORTS", .auth), ("CONVERSION_PORTS", .conversion),
         ("AI_ENGINE_PORTS", .aiEngine), ("REALTIME_PORTS", .realtime)].flatMap { key, service in
            stack.ports(key).map { HealthTarget(service: service, host: "127.0.0.1", port: $0) }
        }
    }

    func settings(_ stack: LocalStack, targets: [HealthTarget]) -> GatewaySettings {
        GatewaySettings(
            standard: StandardSettings(common: ServiceConfiguration(service: .gateway, port: 0), redis: stack.redis),
            healthTargets: targets, authURL: "http://127.0.0.1:\(stack.port("AUTH_PORTS"))", serviceSecret: stack.value("SERVICE_SECRET_GATEWAY"))
    }

    @Test func reportsEveryProcessOfTheStackReady() async throws {
        let stack = try LocalStack.current()
        let targets = targets(stack)
        #expect(targets.count == 10)
        let app = GatewayApplication.buildApplication(settings(stack, targets: targets), registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            try await expectHealthyService(client, service: .gateway, dependencies: ["redis"])
            try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .ok)
                let health = try decodeJSON(PlatformHealth.self, from: response.body)
                #expect(health.status == "ready")
                #expect(health.services.map(\.instance) == targets.map(\.instance))
                #expect(health.services.allSatisfy { $0.status == "ready" && $0.latencyMS > 0 })
            }
        }
    }

    @Test func anUnreachableProcessMakesThePlatformDegraded() async throws {
        let stack = try LocalStack.current()
        let dead = HealthTarget(service: .auth, host: "127.0.0.1", port: 1)
        let app = GatewayApplication.buildApplication(
            settings(stack, targets: [targets(stack)[0], dead]), registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let health = try decodeJSON(PlatformHealth.self, from: response.body)
                #expect(health.status == "degraded")
                #expect(health.services.map(\.status) == ["ready", "unreachable"])
            }
        }
    }

    @Test(arguments: ["auth", "auth@host", "nobody@127.0.0.1:1", "auth@127.0.0.1:0", "auth@:80", "auth@127.0.0.1:x"])
    func malformedHealthTargetsAreRefused(entry: String) {
        #expect(throws: ConfigurationError.self) { try HealthTarget.parseList("gateway@127.0.0.1:9101," + entry) }
    }

    @Test func healthTargetsParse() throws {
        let targets = try HealthTarget.parseList("gateway@127.0.0.1:9101, ai-engine@localhost:9130")
        #expect(targets == [
            HealthTarget(service: .gateway, host: "127.0.0.1", port: 9101),
            HealthTarget(service: .aiEngine, host: "localhost", port: 9130),
        ])
    }
}

import Contracts
import HTTPTypes
import HummingbirdTesting
import Prometheus
import RealtimeService
import RedisKit
import ServiceKit
import Testing
import TestSupport

@Suite("realtime service")
struct RealtimeHealthTests {
    @Test func servesHealthAndMetricsWithItsPubSubConnection() async throws {
        let stack = try LocalStack.current()
        let settings = realtimeSettings(StandardSettings(common: ServiceConfiguration(service: .realtime, port: 0), redis: stack.redis))
        let app = RealtimeApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            // The pub/sub connection opens in the background; readiness waits for it.
            #expect(await eventually {
                (try? await client.execute(uri: "/health/ready", method: .get).status) == .ok
            })
            try await expectHealthyService(client, service: .realtime, dependencies: ["redis", "redis-pubsub", "accepting-sockets"])
        }
    }

    @Test func losingRedisAtRuntimeTurnsReadinessTo503AndBack() async throws {
        let server = try await RedisServerProcess()
        let redis = RedisConfiguration(host: "127.0.0.1", port: server.port, password: server.password, connectTimeout: .seconds(1))
        let settings = realtimeSettings(StandardSettings(
            common: ServiceConfiguration(service: .realtime, port: 0, readinessTimeout: .seconds(1)), redis: redis))
        let app = RealtimeApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            let status: @Sendable () async -> HTTPResponse.Status? = {
                try? await client.execute(uri: "/health/ready", method: .get).status
            }
            #expect(await eventually { await status() == .ok })
            await server.stop()
            #expect(await eventually { await status() == .serviceUnavailable })
            let report = try decodeJSON(ReadinessReport.self, from: try await client.execute(uri: "/health/ready", method: .get).body)
            #expect(report.dependencies.filter { $0.name.hasPrefix("redis") }.allSatisfy { $0.status == "down" })
            try await server.start()
            #expect(await eventually(timeout: .seconds(15)) { await status() == .ok })
        }
        await server.stop()
    }
}

/// Realtime settings around `standard`; auth and conversion are never called by these tests.
func realtimeSettings(_ standard: StandardSettings) -> RealtimeSettings {
    RealtimeSettings(
        standard: standard, authURL: "http://127.0.0.1:9/auth", conversionURL: "http://127.0.0.1:9/conversion",
        serviceSecret: String(repeating: "s", count: 32))
}

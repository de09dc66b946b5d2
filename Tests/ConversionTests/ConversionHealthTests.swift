import ConversionService
import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import InternalHTTP
import NIOCore
import Prometheus
import RedisKit
import ServiceKit
import Testing
import TestSupport

@Suite("conversion service against the test stack")
struct ConversionHealthTests {
    /// The service's settings for the test stack, with an artifact folder of the test's own.
    static func environment(_ stack: LocalStack, extra: [String: String] = [:]) throws -> [String: String] {
        let postgres = try stack.postgres(role: "CONVERSION")
        var values = [
            "HTTP_PORT": "1", "POSTGRES_HOST": postgres.host, "POSTGRES_PORT": String(postgres.port), "POSTGRES_DB": postgres.database,
            "POSTGRES_USER": postgres.user, "POSTGRES_PASSWORD": postgres.password, "REDIS_HOST": stack.redis.host,
            "REDIS_PORT": String(stack.redis.port), "ARTIFACT_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("artifacts-\(uniqueSuffix())").path,
            "AUTH_URL": "http://127.0.0.1:\(stack.port("AUTH_PORTS"))", "CONVERSION_WORKERS": "0",
            "DOWNLOAD_LINK_SECRET": "test-link-secret-\(uniqueSuffix(32))",
        ]
        if let password = stack.redis.password { values["REDIS_PASSWORD"] = password }
        values.merge(extra) { $1 }
        return values
    }

    @Test func servesHealthAndMetricsOverItsOwnDatabaseRole() async throws {
        let stack = try LocalStack.current()
        let settings = try ConversionSettings(environment: EnvironmentReader(try Self.environment(stack)))
        let app = try ConversionApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router) { client in
            let ready = await eventually(timeout: .seconds(20)) { (try? await client.execute(uri: "/health/ready", method: .get).status) == .ok }
            try #require(ready, "the service did not become ready")
            try await expectHealthyService(client, service: .conversion, dependencies: ["postgres", "redis"])
        }
    }

    @Test func theStacksConversionProcessesExportTheirSeriesFromTheStart() async throws {
        let stack = try LocalStack.current()
        let port = try #require(stack.ports("CONVERSION_PORTS").first)
        let client = InternalHTTPClient()
        let response = try await client.get("http://127.0.0.1:\(port)/metrics", timeout: .seconds(5), requestID: nil)
        try await client.shutdown()
        let text = String(decoding: response.body, as: UTF8.self)
        for series in [#"conversions_total{status="completed"}"#, "job_lease_expirations_total", "conversion_cache_hits_total", "job_queue_depth"] {
            #expect(text.contains(series), "\(series) missing")
        }
    }

    @Test func settingsComeFromTheEnvironmentAndTheStageDelayIsRefusedInProduction() throws {
        let stack = try LocalStack.current()
        let base = try Self.environment(stack)
        let settings = try ConversionSettings(environment: EnvironmentReader(base))
        #expect(settings.uploadLimit == 104_857_600)
        #expect(settings.maxAttempts == 3)
        var missing = base
        missing["ARTIFACT_DIR"] = nil
        #expect(throws: ConfigurationError.self) { try ConversionSettings(environment: EnvironmentReader(missing)) }
        var delayed = base
        delayed["CONVERSION_STAGE_DELAY_MS"] = "250"
        #expect(try ConversionSettings(environment: EnvironmentReader(delayed)).stageDelay == .milliseconds(250))
        delayed["DEPLOYMENT_ENVIRONMENT"] = "production"
        #expect(throws: ConfigurationError.self) { try ConversionSettings(environment: EnvironmentReader(delayed)) }
    }
}

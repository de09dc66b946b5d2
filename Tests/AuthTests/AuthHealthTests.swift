import AuthApp
import Contracts
import HTTPTypes
import HummingbirdTesting
import Prometheus
import ServiceKit
import Testing
import TestSupport

@Suite("auth service against the test stack")
struct AuthHealthTests {
    @Test func servesHealthAndMetricsOverItsOwnDatabaseRole() async throws {
        let stack = try TestStack.current()
        let settings = StandardSettings(
            common: ServiceConfiguration(service: .auth, port: 0),
            postgres: stack.postgres(role: "AUTH"), redis: stack.redis)
        let app = AuthApplication.buildApplication(settings, registry: PrometheusCollectorRegistry(), logger: testLogger())
        try await app.test(.router) { client in
            try await expectHealthyService(client, service: .auth, dependencies: ["postgres", "redis"])
        }
    }

    @Test func settingsComeFromTheEnvironment() throws {
        #expect(throws: ConfigurationError.self) { try AuthApplication.settings(EnvironmentReader(["HTTP_PORT": "1"])) }
        let settings = try AuthApplication.settings(EnvironmentReader([
            "HTTP_PORT": "9999", "POSTGRES_DB": "db", "POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p",
        ]))
        #expect(settings.common.port == 9999)
        #expect(settings.postgres?.user == "u")
        #expect(settings.redis != nil)
    }
}

import Contracts
import Logging
import RedisKit
import ServiceKit
import Testing

@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test func aMissingRequiredVariableIsNamed() {
        #expect(throws: ConfigurationError(variable: "HTTP_PORT", problem: "is required but not set")) {
            try ServiceConfiguration(service: .auth, environment: EnvironmentReader([:]))
        }
        #expect(throws: ConfigurationError.self) {
            try PostgresSettings(environment: EnvironmentReader(["POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p"]))
        }
    }

    @Test(arguments: [
        ("HTTP_PORT", "abc"), ("HTTP_PORT", "70000"), ("HTTP_PORT", "0"), ("LOG_LEVEL", "loud"),
        ("STARTUP_TIMEOUT_SECONDS", "-1"), ("READINESS_TIMEOUT_SECONDS", "soon"),
    ])
    func malformedValuesAreRefusedNamingTheVariable(variable: String, value: String) {
        var environment = ["HTTP_PORT": "9000"]
        environment[variable] = value
        #expect {
            try ServiceConfiguration(service: .auth, environment: EnvironmentReader(environment))
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable && "\(error)".hasPrefix("configuration error: \(variable) ")
        }
    }

    @Test func defaultsApplyWhenOptionalVariablesAreUnset() throws {
        let configuration = try ServiceConfiguration(service: .gateway, environment: EnvironmentReader(["HTTP_PORT": "9101"]))
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 9101)
        #expect(configuration.logLevel == .info)
        let redis = try RedisConfiguration(environment: EnvironmentReader([:]))
        #expect(redis.port == 6379)
        #expect(redis.password == nil)
    }
}

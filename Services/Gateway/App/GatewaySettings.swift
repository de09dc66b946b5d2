import Contracts
import RedisKit
import ServiceKit

/// Configuration of the `gateway` service.
///
/// Reads the shared variables, `REDIS_*`, and `HEALTH_TARGETS` (every service process the
/// platform health endpoint reports, the gateway replicas included; see
/// ``HealthTarget/parseList(_:variable:)``).
public struct GatewaySettings: ServiceSettings {
    public var standard: StandardSettings
    public var healthTargets: [HealthTarget]

    public var common: ServiceConfiguration { standard.common }

    public init(standard: StandardSettings, healthTargets: [HealthTarget]) {
        self.standard = standard
        self.healthTargets = healthTargets
    }

    public init(environment: EnvironmentReader) throws {
        self.init(
            standard: try StandardSettings(service: .gateway, usesPostgres: false, usesRedis: true, environment: environment),
            healthTargets: try HealthTarget.parseList(environment.required("HEALTH_TARGETS")))
    }
}

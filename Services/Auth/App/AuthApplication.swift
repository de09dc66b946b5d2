import Contracts
import Hummingbird
import JWTVerification
import Logging
import Prometheus
import ServiceKit

extension AuthSettings: ServiceSettings {
    public var common: ServiceConfiguration { standard.common }
}

/// The `auth` service: accounts, credentials, access and refresh tokens, sessions, the JWKS and the
/// audit log, over its PostgreSQL role and Redis.
public enum AuthApplication {
    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> AuthSettings {
        try AuthSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: AuthSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws -> some ApplicationProtocol {
        let issuer = try await TokenIssuer(settings: settings)
        let verifier = AccessTokenVerifier(issuer: settings.issuer, audience: settings.audience)
        _ = try await verifier.replaceKeys(jwksJSON: issuer.jwks)
        let hasher = PasswordHasher(cost: settings.bcryptCost)
        return settings.standard.buildApplication(registry: registry, logger: logger) { router, dependencies in
            guard let postgres = dependencies.postgres, let redis = dependencies.redis else { return }
            AuthController<BasicRequestContext>(
                store: AuthStore(postgres: postgres, logger: logger),
                sessions: SessionStore(redis: redis, lifetime: settings.refreshTokenLifetime),
                throttle: LoginThrottle(redis: redis), hasher: hasher, issuer: issuer, verifier: verifier,
                refreshLifetime: settings.refreshTokenLifetime,
                twoFactor: TwoFactor(postgres: postgres, dataKey: settings.dataKey, logger: logger), challenges: MFAChallenges(redis: redis)
            ).addRoutes(to: router)
        }
    }
}

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
public enum AuthApplication: ServiceApplication {
    public static let service = ServiceName.auth

    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> AuthSettings {
        try AuthSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: AuthSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) async throws -> BuiltService<Application<RouterResponder<BasicRequestContext>>> {
        let issuer = try await TokenIssuer(settings: settings)
        let verifier = AccessTokenVerifier(issuer: settings.issuer, audience: settings.audience)
        _ = try await verifier.replaceKeys(jwksJSON: issuer.jwks)
        let hasher = PasswordHasher(cost: settings.bcryptCost)
        let security = SecurityMetrics(registry: registry)
        let postgresStore = PostgresStore(settings.postgres, logger: logger)
        let redisStore = RedisStore(settings.standard.redis, logger: logger)
        let (postgres, redis) = (postgresStore.client, redisStore.client)
        return BuiltService(settings.standard.buildApplication(registry: registry, logger: logger, stores: [postgresStore, redisStore]) { router in
            let store = AuthStore(postgres: postgres, logger: logger, metrics: security)
            let sessions = SessionStore(redis: redis, lifetime: settings.refreshTokenLifetime)
            let tokens = APITokenStore(postgres: postgres, logger: logger)
            let rbac = RolePermissions(postgres: postgres, logger: logger)
            let authenticator = RequestAuthenticator(verifier: verifier, sessions: sessions, tokens: tokens, rbac: rbac)
            let mail = AccountMail(
                store: store, tokens: EmailTokenStore(postgres: postgres, logger: logger), mailer: settings.mailer, publicURL: settings.publicURL,
                logger: logger)
            AuthController<BasicRequestContext>(
                store: store, sessions: sessions, throttle: LoginThrottle(redis: redis), hasher: hasher, issuer: issuer,
                authenticator: authenticator, refreshLifetime: settings.refreshTokenLifetime,
                twoFactor: TwoFactor(postgres: postgres, dataKey: settings.dataKey, logger: logger), challenges: MFAChallenges(redis: redis),
                mail: mail
            ).addRoutes(to: router)
            EmailController<BasicRequestContext>(store: store, sessions: sessions, hasher: hasher, authenticator: authenticator, mail: mail)
                .addRoutes(to: router)
            ProfileController<BasicRequestContext>(store: store, sessions: sessions, hasher: hasher, authenticator: authenticator, redis: redis, mail: mail)
                .addRoutes(to: router)
            AccountController<BasicRequestContext>(store: store, tokens: tokens, sessions: sessions, authenticator: authenticator, rbac: rbac)
                .addRoutes(to: router)
            InternalController<BasicRequestContext>(
                issuer: issuer, verifier: verifier, secrets: settings.serviceSecrets, rbac: rbac, authenticator: authenticator, store: store
            ).addRoutes(to: router)
        })
    }
}

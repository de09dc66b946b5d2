import AuthApp
import Contracts
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import Logging
import Prometheus
import RedisKit
import ServiceKit
import Testing
import TestSupport

/// The auth service's health, settings and flows, in process against the test stack's real
/// PostgreSQL (its own role) and Redis. Each test uses its own accounts.
@Suite("auth service against the test stack")
struct AuthServiceTests {
    /// The gateway's client secret in the in-process auth's settings.
    static let serviceSecret = "test-gateway-secret-" + String(repeating: "x", count: 24)

    /// Settings for the stack, with a fresh signing key and a low bcrypt cost for speed.
    static func settings(bcryptCost: Int = 4, extra: [String: String] = [:]) throws -> AuthSettings {
        let stack = try LocalStack.current()
        let postgres = try stack.postgres(role: "AUTH")
        let redis = stack.redis
        let key = OpaqueToken.base64url(Curve25519.Signing.PrivateKey().rawRepresentation)
        var environment = [
            "HTTP_PORT": "1", "POSTGRES_HOST": postgres.host, "POSTGRES_PORT": String(postgres.port), "POSTGRES_DB": postgres.database,
            "POSTGRES_USER": postgres.user, "POSTGRES_PASSWORD": postgres.password, "REDIS_HOST": redis.host, "REDIS_PORT": String(redis.port),
            "AUTH_SIGNING_KEY": key, "AUTH_BCRYPT_COST": String(bcryptCost), "SERVICE_SECRET_GATEWAY": serviceSecret,
            "AUTH_DATA_KEY": OpaqueToken.base64url(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }),
        ]
        if let password = redis.password { environment["REDIS_PASSWORD"] = password }
        environment.merge(extra) { $1 }
        return try AuthSettings(environment: EnvironmentReader(environment))
    }

    static func withClient(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await AuthApplication.buildApplication(try settings(), registry: PrometheusCollectorRegistry(), logger: testLogger()).application
        try await app.test(.router, body)
    }

    static func json(_ value: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: Array(try! JSONSerialization.data(withJSONObject: value)))
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func email() -> String { "user-\(uniqueSuffix())@example.com" }
    static let password = "correct horse battery staple"

    @Test func servesHealthOverItsOwnDatabaseRole() async throws {
        try await Self.withClient { client in
            try await expectHealthyService(client, service: .auth, dependencies: ["postgres", "redis"])
        }
    }

    @Test func settingsRequireASigningKeyAndKeepCost12ByDefault() throws {
        let base = ["HTTP_PORT": "1", "POSTGRES_DB": "db", "POSTGRES_USER": "u", "POSTGRES_PASSWORD": "p"]
        #expect(throws: ConfigurationError.self) { try AuthSettings(environment: EnvironmentReader(base)) }
        var withKey = base
        withKey["AUTH_SIGNING_KEY"] = OpaqueToken.base64url(Curve25519.Signing.PrivateKey().rawRepresentation)
        #expect(throws: ConfigurationError.self) { try AuthSettings(environment: EnvironmentReader(withKey)) }
        withKey["AUTH_DATA_KEY"] = OpaqueToken.base64url(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
        let settings = try AuthSettings(environment: EnvironmentReader(withKey))
        #expect(settings.bcryptCost == 12)
        #expect(settings.accessTokenLifetime == .seconds(900))
        withKey["AUTH_SIGNING_KEY"] = "too-short"
        #expect(throws: ConfigurationError.self) { try AuthSettings(environment: EnvironmentReader(withKey)) }
    }

    @Test func registerLoginRefreshRotatesAndReuseRevokesTheFamily() async throws {
        try await Self.withClient { client in
            let email = Self.email()
            let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": email, "password": Self.password]))
            #expect(registered.status == .created)
            let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": email.uppercased(), "password": Self.password]))
            #expect(login.status == .ok)
            let tokens = try Self.object(login)
            let access = try #require(tokens["access_token"] as? String)
            let refresh = try #require(tokens["refresh_token"] as? String)

            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(access)"])
            #expect(me.status == .ok)
            #expect(try Self.object(me)["email"] as? String == email)

            let rotated = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.json(["refresh_token": refresh]))
            #expect(rotated.status == .ok)
            let next = try #require(try Self.object(rotated)["refresh_token"] as? String)
            #expect(next != refresh)

            // The old token again: refused, and the whole family (the new token too) is revoked.
            let reuse = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.json(["refresh_token": refresh]))
            #expect(reuse.status == .unauthorized)
            let afterReuse = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.json(["refresh_token": next]))
            #expect(afterReuse.status == .unauthorized)
            // …and the session is gone, so the access token stops working at once.
            let meAfter = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(access)"])
            #expect(meAfter.status == .unauthorized)
        }
    }

    @Test func logoutEndsTheSessionAtOnce() async throws {
        try await Self.withClient { client in
            let email = Self.email()
            let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": email, "password": Self.password]))
            let access = try #require(try Self.object(registered)["access_token"] as? String)
            let refresh = try #require(try Self.object(registered)["refresh_token"] as? String)
            let logout = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: [.authorization: "Bearer \(access)"])
            #expect(logout.status == .noContent)
            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(access)"])
            #expect(me.status == .unauthorized)
            let refreshed = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, body: Self.json(["refresh_token": refresh]))
            #expect(refreshed.status == .unauthorized)
        }
    }

    @Test func unknownEmailAndWrongPasswordAnswerTheSame() async throws {
        try await Self.withClient { client in
            let email = Self.email()
            _ = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": email, "password": Self.password]))
            let wrong = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": email, "password": "not the password at all"]))
            let unknown = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": Self.email(), "password": "not the password at all"]))
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == wrong.status)
            var first = try #require(try Self.object(wrong)["error"] as? [String: Any])
            var second = try #require(try Self.object(unknown)["error"] as? [String: Any])
            #expect(first["request_id"] != nil)
            first["request_id"] = nil
            second["request_id"] = nil
            #expect(NSDictionary(dictionary: first) == NSDictionary(dictionary: second))
            #expect(first["code"] as? String == "invalid_credentials")
            // An address no account can have (a NUL, found by schemathesis) is just an unknown account.
            let impossible = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": "a\u{0}@b.co", "password": "whatever it is"]))
            #expect(impossible.status == .unauthorized)
            #expect((try Self.object(impossible)["error"] as? [String: Any])?["code"] as? String == "invalid_credentials")
        }
    }

    @Test func repeatedFailuresLockTheAccountTemporarily() async throws {
        try await Self.withClient { client in
            let email = Self.email()
            _ = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": email, "password": Self.password]))
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                let attempt = try await client.execute(uri: "/api/v1/auth/login", method: .post, headers: [HTTPField.Name("X-Forwarded-For")!: "10.9.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"],
                                                       body: Self.json(["email": email, "password": "wrong password here"]))
                statuses.append(attempt.status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // Even the right password waits until the lock ends.
            let right = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": email, "password": Self.password]))
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[.retryAfter] != nil)
        }
    }

    @Test func twoFactorSignInNeedsACodeAcceptedOnceOrARecoveryCode() async throws {
        try await Self.withClient { client in
            let email = Self.email()
            let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": email, "password": Self.password]))
            let access = try #require(try Self.object(registered)["access_token"] as? String)
            let bearer: HTTPFields = [.authorization: "Bearer \(access)"]
            let setup = try await client.execute(uri: "/api/v1/auth/2fa/setup", method: .post, headers: bearer)
            #expect(setup.status == .ok)
            let uri = try #require(try Self.object(setup)["otpauth_uri"] as? String)
            #expect(uri.hasPrefix("otpauth://totp/"))
            let secret = try #require(try Self.object(setup)["secret"] as? String)
            let totp = TOTP(secret: try #require(Self.base32Decode(secret)))
            let wrong = try await client.execute(uri: "/api/v1/auth/2fa/enable", method: .post, headers: bearer, body: Self.json(["code": "000000"]))
            #expect(wrong.status == .unprocessableContent)
            let code = String(format: "%06d", totp.compute(date: Date()))
            let enabled = try await client.execute(uri: "/api/v1/auth/2fa/enable", method: .post, headers: bearer, body: Self.json(["code": code]))
            #expect(enabled.status == .ok)
            let recovery = try #require(try Self.object(enabled)["recovery_codes"] as? [String])
            #expect(recovery.count == 10)

            func challenge() async throws -> String {
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": email, "password": Self.password]))
                #expect(login.status == .ok)
                #expect(try Self.object(login)["access_token"] == nil)
                return try #require(try Self.object(login)["mfa_token"] as? String)
            }
            // The next step's code (one step of drift is allowed) signs in once; its replay is refused.
            let next = String(format: "%06d", totp.compute(date: Date().addingTimeInterval(30)))
            let first = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": try await challenge(), "code": next]))
            #expect(first.status == .ok)
            #expect(try Self.object(first)["access_token"] != nil)
            let replay = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": try await challenge(), "code": next]))
            #expect(replay.status == .unauthorized)
            // A recovery code works once.
            let byRecovery = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": try await challenge(), "recovery_code": recovery[3]]))
            #expect(byRecovery.status == .ok)
            let again = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": try await challenge(), "recovery_code": recovery[3]]))
            #expect(again.status == .unauthorized)
            // A challenge allows five attempts, then it is gone.
            let token = try await challenge()
            for _ in 0..<5 {
                let attempt = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": token, "code": "123456"]))
                #expect(attempt.status == .unauthorized)
            }
            let spent = try await client.execute(uri: "/api/v1/auth/login/2fa", method: .post, body: Self.json(["mfa_token": token, "recovery_code": recovery[5]]))
            #expect(spent.status == .unauthorized)
        }
    }

    @Test func internalRoutesTakeOnlyServiceTokensGrantedForAClientSecret() async throws {
        try await Self.withClient { client in
            func grant(_ id: String, _ secret: String, audience: String = "auth") async throws -> TestResponse {
                try await client.execute(uri: "/internal/v1/service-tokens", method: .post,
                                         body: Self.json(["client_id": id, "client_secret": secret, "audience": audience]))
            }
            #expect(try await grant("gateway", "wrong-secret-wrong-secret-wrong-secret").status == .unauthorized)
            #expect(try await grant("conversion", Self.serviceSecret).status == .unauthorized)
            #expect(try await grant("gateway", Self.serviceSecret, audience: "gateway").status == .unprocessableContent)
            let granted = try await grant("gateway", Self.serviceSecret)
            #expect(granted.status == .ok)
            let service = try #require(try Self.object(granted)["access_token"] as? String)
            let forConversion = try #require(try Self.object(try await grant("gateway", Self.serviceSecret, audience: "conversion"))["access_token"] as? String)

            let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": Self.email(), "password": Self.password]))
            let userToken = try #require(try Self.object(registered)["access_token"] as? String)
            for (token, expected) in [("", HTTPResponse.Status.unauthorized), (userToken, .unauthorized), (forConversion, .unauthorized), (service, .ok)] {
                let headers: HTTPFields = token.isEmpty ? [:] : [.authorization: "Bearer \(token)"]
                let map = try await client.execute(uri: "/internal/v1/permissions", method: .get, headers: headers)
                #expect(map.status == expected)
                if expected == .ok {
                    let roles = try #require(try Self.object(map)["roles"] as? [String: [String]])
                    #expect(roles["admin"]?.contains("users:admin") == true)
                    #expect(roles["user"]?.contains("users:admin") == false)
                }
            }
            // A service token is not a user's: the user routes refuse it.
            let asUser = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(service)"])
            #expect(asUser.status == .unauthorized)
        }
    }

    /// RFC 4648 base32 (no padding) → the secret string HummingbirdOTP keys its HMAC with.
    static func base32Decode(_ text: String) -> String? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var value = 0
        var bytes: [UInt8] = []
        for character in text {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    @Test(arguments: [
        ("short", "password_too_short"), (String(repeating: "é", count: 40), "password_too_long"),
        ("password123", "password_common"), ("with\u{0}nul-byte", "password_invalid"),
    ])
    func weakPasswordsAreRefusedWithTheRule(password: String, code: String) async throws {
        try await Self.withClient { client in
            let response = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Self.json(["email": Self.email(), "password": password]))
            #expect(response.status == .unprocessableContent)
            #expect((try Self.object(response)["error"] as? [String: Any])?["code"] as? String == code)
        }
    }

    @Test func theJWKSPublishesTheSigningKeyAndMalformedBodiesGetPreciseErrors() async throws {
        try await Self.withClient { client in
            let jwks = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(jwks.status == .ok)
            let keys = try #require(try Self.object(jwks)["keys"] as? [[String: Any]])
            #expect(keys.first?["kid"] as? String == "k1")
            #expect(keys.first?["crv"] as? String == "Ed25519")
            let missing = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Self.json(["email": "a@b.co"]))
            #expect(missing.status == .badRequest)
            #expect(String(buffer: missing.body).contains("password"))
            let garbage = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: ByteBuffer(string: "{not json"))
            #expect(garbage.status == .badRequest)
            let big = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: ByteBuffer(repeating: 0x20, count: 40_000))
            #expect(big.status == .contentTooLarge)
            let noToken = try await client.execute(uri: "/api/v1/users/me", method: .get)
            #expect(noToken.status == .unauthorized)
        }
    }
}

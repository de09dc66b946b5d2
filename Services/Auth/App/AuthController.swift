import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import JWTVerification
import Logging
import ServiceKit

/// `/api/v1/auth/*`, `/api/v1/users/me` and the JWKS at `/.well-known/jwks.json`.
///
/// Sign-in answers the same status and body for an unknown email and a wrong password, after the
/// same bcrypt work. Refresh tokens rotate on every use; presenting one twice revokes its family
/// and session (audited). Logout ends the session at once.
public struct AuthController<Context: RequestContext>: Sendable {
    let store: AuthStore
    let sessions: SessionStore
    let throttle: LoginThrottle
    let hasher: PasswordHasher
    let issuer: TokenIssuer
    let authenticator: RequestAuthenticator
    let refreshLifetime: Duration
    let twoFactor: TwoFactor
    let challenges: MFAChallenges
    let mail: AccountMail

    public init(store: AuthStore, sessions: SessionStore, throttle: LoginThrottle, hasher: PasswordHasher, issuer: TokenIssuer,
                authenticator: RequestAuthenticator, refreshLifetime: Duration, twoFactor: TwoFactor, challenges: MFAChallenges,
                mail: AccountMail) {
        self.mail = mail
        self.twoFactor = twoFactor
        self.challenges = challenges
        self.store = store
        self.sessions = sessions
        self.throttle = throttle
        self.hasher = hasher
        self.issuer = issuer
        self.authenticator = authenticator
        self.refreshLifetime = refreshLifetime
    }

    public func addRoutes(to router: Router<Context>) {
        router.get("/.well-known/jwks.json") { _, _ in
            var response = Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                                    body: .init(byteBuffer: ByteBuffer(string: issuer.jwks)))
            response.headers[.contentLength] = String(issuer.jwks.utf8.count)
            return response
        }
        let auth = router.group("/api/v1/auth")
        auth.post("register") { request, context in try await register(request, context) }
        auth.post("login") { request, context in try await login(request, context) }
        auth.post("refresh") { request, context in try await refresh(request, context) }
        auth.post("logout") { request, context in try await logout(request, context, everywhere: false) }
        auth.post("logout-all") { request, context in try await logout(request, context, everywhere: true) }
        auth.post("login/2fa") { request, context in try await loginSecondFactor(request, context) }
        auth.post("2fa/setup") { request, context in try await setupTwoFactor(request, context) }
        auth.post("2fa/enable") { request, context in try await enableTwoFactor(request, context) }
        auth.post("2fa/disable") { request, context in try await disableTwoFactor(request, context) }
        router.get("/api/v1/users/me") { request, context in try await me(request, context) }
    }

    // MARK: - Bodies

    struct Credentials: Decodable {
        let email: String
        let password: String
    }

    struct RefreshBody: Decodable {
        let refreshToken: String?
        enum CodingKeys: String, CodingKey { case refreshToken = "refresh_token" }
    }

    struct TokenPair: Encodable {
        let accessToken: String
        let tokenType = "Bearer"
        let expiresIn: Int64
        let refreshToken: String
        let csrfToken: String
        let user: UserBody
        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", refreshToken = "refresh_token",
                 csrfToken = "csrf_token", user
        }
    }

    struct ChallengeBody: Encodable {
        let mfaRequired = true
        let mfaToken: String
        let expiresIn: Int
        enum CodingKeys: String, CodingKey { case mfaRequired = "mfa_required", mfaToken = "mfa_token", expiresIn = "expires_in" }
    }

    struct SecondFactorBody: Decodable {
        let mfaToken: String
        let code: String?
        let recoveryCode: String?
        enum CodingKeys: String, CodingKey { case mfaToken = "mfa_token", code, recoveryCode = "recovery_code" }
    }

    struct CodeBody: Decodable {
        let code: String?
        let recoveryCode: String?
        enum CodingKeys: String, CodingKey { case code, recoveryCode = "recovery_code" }
    }

    struct SetupBody: Encodable {
        let secret: String
        let otpauthURI: String
        enum CodingKeys: String, CodingKey { case secret, otpauthURI = "otpauth_uri" }
    }

    struct RecoveryCodesBody: Encodable {
        let recoveryCodes: [String]
        enum CodingKeys: String, CodingKey { case recoveryCodes = "recovery_codes" }
    }

    struct UserBody: Encodable {
        let id: String
        let email: String
        let roles: [String]
    }

    struct MeBody: Encodable {
        let id: String
        let email: String
        let roles: [String]
        let emailVerified: Bool
        let createdAt: String
        enum CodingKeys: String, CodingKey { case id, email, roles, emailVerified = "email_verified", createdAt = "created_at" }
    }

    // MARK: - Handlers

    private func register(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(Credentials.self, request)
        guard let email = EmailAddress.normalised(body.email) else { throw AppError.badRequest("the email address is not valid", code: "invalid_email") }
        do {
            try PasswordPolicy.check(body.password, email: email)
        } catch {
            throw AppError(.unprocessableContent, code: error.code, message: error.message)
        }
        let hash = try await hasher.hash(body.password)
        guard let account = try await store.createAccount(email: email, passwordHash: hash) else {
            throw AppError(.conflict, code: "email_taken", message: "an account with this email exists")
        }
        await store.audit(AuthHTTP.event("register", true, request, requestID: context.requestID, actor: account.id, target: account.id))
        mail.mailVerification(user: account.id, email: email, requestID: context.requestID)
        return try await issue(for: account, request, context, status: .created)
    }

    private func login(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(Credentials.self, request)
        // An address that cannot be one is an unknown account: the same answer after the same work.
        let normalised = EmailAddress.normalised(body.email)
        let email = normalised ?? String(body.email.lowercased().unicodeScalars.filter { $0.value >= 0x20 }.prefix(254))
        let address = AuthHTTP.clientAddress(request)
        if let wait = try await throttle.retryAfter(email: email, address: address) {
            throw AppError(.tooManyRequests, code: "too_many_attempts", message: "too many failed sign-ins; try again later",
                           headers: [.retryAfter: String(wait)])
        }
        let account = normalised == nil ? nil : try await store.account(email: email)
        guard try await hasher.verify(body.password, hash: account?.passwordHash), let account else {
            let lock = try await throttle.fail(email: email, address: address)
            let reason = account == nil ? "unknown_email" : "wrong_password"
            await store.audit(AuthHTTP.event("login", false, request, requestID: context.requestID, target: account?.id, detail: #"{"reason":"\#(reason)"}"#))
            if let lock {
                await store.audit(AuthHTTP.event("lockout", true, request, requestID: context.requestID, target: account?.id, detail: #"{"seconds":\#(lock)}"#))
            }
            throw AppError(.unauthorized, code: "invalid_credentials", message: "the email or the password is wrong")
        }
        try await throttle.succeed(email: email)
        if try await twoFactor.state(user: account.id) == .enabled {
            let token = try await challenges.create(user: account.id)
            await store.audit(AuthHTTP.event("login_password", true, request, requestID: context.requestID, actor: account.id, target: account.id))
            var response = try jsonResponse(ChallengeBody(mfaToken: token, expiresIn: challenges.lifetimeSeconds))
            response.headers[.cacheControl] = "no-store"
            return response
        }
        await store.audit(AuthHTTP.event("login", true, request, requestID: context.requestID, actor: account.id, target: account.id))
        return try await issue(for: account, request, context, status: .ok)
    }

    /// The second step of a sign-in with 2FA: a TOTP code (accepted once) or a recovery code.
    private func loginSecondFactor(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(SecondFactorBody.self, request)
        let refused = AppError(.unauthorized, code: "invalid_code", message: "the code is wrong, used already, or the sign-in expired")
        guard let user = try await challenges.attempt(body.mfaToken) else { throw refused }
        var method = "totp"
        var accepted = false
        if let code = body.code {
            accepted = try await twoFactor.acceptCode(code, user: user, requireEnabled: true)
        } else if let recovery = body.recoveryCode {
            method = "recovery_code"
            accepted = try await twoFactor.useRecoveryCode(recovery, user: user)
        }
        guard accepted, let account = try await store.account(id: user) else {
            await store.audit(AuthHTTP.event("login_2fa", false, request, requestID: context.requestID, target: user, detail: #"{"method":"\#(method)"}"#))
            throw refused
        }
        try await challenges.finish(body.mfaToken)
        await store.audit(AuthHTTP.event("login", true, request, requestID: context.requestID, actor: user, target: user, detail: #"{"second_factor":"\#(method)"}"#))
        return try await issue(for: AuthStore.Account(id: user, email: account.email, passwordHash: nil, roles: account.roles), request, context, status: .ok)
    }

    private func setupTwoFactor(_ request: Request, _ context: Context) async throws -> Response {
        let user = try await authenticator.require("account:manage", request, sessionOnly: true).user
        guard try await twoFactor.state(user: user) != .enabled else {
            throw AppError(.conflict, code: "2fa_enabled", message: "two-factor sign-in is already on; disable it first")
        }
        guard let account = try await store.account(id: user) else { throw AppError.notFound("the account no longer exists") }
        let (secret, uri) = try await twoFactor.setup(user: user, label: account.email)
        await store.audit(AuthHTTP.event("2fa_setup", true, request, requestID: context.requestID, actor: user, target: user))
        var response = try jsonResponse(SetupBody(secret: secret, otpauthURI: uri))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func enableTwoFactor(_ request: Request, _ context: Context) async throws -> Response {
        let user = try await authenticator.require("account:manage", request, sessionOnly: true).user
        let body = try await AuthHTTP.decode(CodeBody.self, request)
        guard let code = body.code, let codes = try await twoFactor.enable(user: user, code: code) else {
            await store.audit(AuthHTTP.event("2fa_enabled", false, request, requestID: context.requestID, actor: user, target: user))
            throw AppError(.unprocessableContent, code: "invalid_code", message: "the code does not match the secret from setup")
        }
        await store.audit(AuthHTTP.event("2fa_enabled", true, request, requestID: context.requestID, actor: user, target: user))
        var response = try jsonResponse(RecoveryCodesBody(recoveryCodes: codes))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func disableTwoFactor(_ request: Request, _ context: Context) async throws -> Response {
        let user = try await authenticator.require("account:manage", request, sessionOnly: true).user
        let body = try await AuthHTTP.decode(CodeBody.self, request)
        var accepted = false
        if let code = body.code { accepted = try await twoFactor.acceptCode(code, user: user, requireEnabled: true) }
        if !accepted, let recovery = body.recoveryCode { accepted = try await twoFactor.useRecoveryCode(recovery, user: user) }
        guard accepted else {
            await store.audit(AuthHTTP.event("2fa_disabled", false, request, requestID: context.requestID, actor: user, target: user))
            throw AppError(.unprocessableContent, code: "invalid_code", message: "a current code or a recovery code is required")
        }
        try await twoFactor.disable(user: user)
        await store.audit(AuthHTTP.event("2fa_disabled", true, request, requestID: context.requestID, actor: user, target: user))
        return Response(status: .noContent)
    }

    private func issue(for account: AuthStore.Account, _ request: Request, _ context: Context, status: HTTPResponse.Status,
                       session: UUID = UUID(), family: UUID = UUID(), newSession: Bool = true) async throws -> Response {
        if newSession { try await sessions.create(session: session, user: account.id) }
        let refresh = OpaqueToken.generate()
        try await store.storeRefreshToken(
            hash: OpaqueToken.hash(refresh), family: family, session: session, user: account.id,
            expiresAt: Date().addingTimeInterval(Double(refreshLifetime.components.seconds)))
        let access = try await issuer.accessToken(user: account.id, session: session, roles: account.roles)
        let pair = TokenPair(
            accessToken: access, expiresIn: issuer.lifetime.components.seconds, refreshToken: refresh,
            csrfToken: BrowserSession.csrfToken(for: refresh),
            user: UserBody(id: account.id.uuidString.lowercased(), email: account.email, roles: account.roles))
        var response = try jsonResponse(pair, status: status)
        response.headers[.cacheControl] = "no-store"
        for cookie in BrowserSession.cookies(refreshToken: refresh, lifetime: refreshLifetime) { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    /// `POST refresh`: the token from the JSON body (scripts, apps), or — with an empty body — from
    /// the browser's cookie, whose CSRF header must match.
    private func refresh(_ request: Request, _ context: Context) async throws -> Response {
        let invalid = AppError(.unauthorized, code: "invalid_refresh_token", message: "the refresh token is not valid")
        let buffer = try await AuthHTTP.collect(request)
        let fromBody = buffer.readableBytes == 0 ? nil : try AuthHTTP.decode(RefreshBody.self, from: buffer).refreshToken
        guard let presented = try fromBody ?? BrowserSession.refreshToken(from: request) else {
            throw AppError.badRequest("the field refresh_token is required (or the mp_refresh cookie with X-CSRF-Token)")
        }
        guard presented.count <= 128 else { throw invalid }
        switch try await store.present(refreshTokenHash: OpaqueToken.hash(presented)) {
        case .invalid:
            throw invalid
        case .reused(let family, let session, let user):
            try await sessions.end(session: session, user: user)
            await store.audit(AuthHTTP.event("refresh_token_reuse", false, request, requestID: context.requestID, target: user, detail: #"{"family":"\#(family.uuidString.lowercased())"}"#))
            throw invalid
        case .rotate(let family, let session, let user):
            guard try await sessions.user(of: session) == user, let account = try await store.account(id: user) else {
                try await store.revokeSession(session)
                throw invalid
            }
            return try await issue(
                for: AuthStore.Account(id: user, email: account.email, passwordHash: nil, roles: account.roles), request, context,
                status: .ok, session: session, family: family, newSession: false)
        }
    }

    private func logout(_ request: Request, _ context: Context, everywhere: Bool) async throws -> Response {
        let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
        guard let session = principal.session else {
            throw AppError(.forbidden, code: "session_required", message: "this route needs a signed-in session, not an API token")
        }
        let user = principal.user
        if everywhere {
            _ = try await sessions.endAll(user: user)
            try await store.revokeUser(user)
        } else {
            try await sessions.end(session: session, user: user)
            try await store.revokeSession(session)
        }
        await store.audit(AuthHTTP.event(everywhere ? "logout_all" : "logout", true, request, requestID: context.requestID, actor: user, target: user))
        var response = Response(status: .noContent)
        for cookie in BrowserSession.clearingCookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }

    private func me(_ request: Request, _ context: Context) async throws -> Response {
        let user = try await authenticator.require("account:manage", request).user
        guard let account = try await store.account(id: user) else { throw AppError.notFound("the account no longer exists") }
        return try jsonResponse(MeBody(
            id: user.uuidString.lowercased(), email: account.email, roles: account.roles, emailVerified: account.emailVerified,
            createdAt: account.createdAt.formatted(.iso8601)))
    }
}

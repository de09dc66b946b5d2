import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import JWTVerification
import Logging
import NIOCore
import ServiceKit

/// A route the gateway forwards to auth, and what a caller needs to use it.
public struct ForwardedRoute: Sendable {
    public let method: HTTPRequest.Method
    /// The path pattern (`:id` for a parameter).
    public let path: String
    /// The permission a caller needs; `nil` for the public sign-in routes (limited per address).
    public let permission: String?
    /// Refuses personal API tokens (account security routes).
    public let sessionOnly: Bool
    /// The body is an upload, streamed through (never held whole, never sent twice); other bodies
    /// are collected first, up to ``ForwardedBodyLimits/collectedBytes``.
    public let streamsBody: Bool
    /// Repeating the request changes nothing (reads; GET, HEAD and DELETE always are): the
    /// gateway repeats it once when the connection to the service broke before an answer.
    public let safeToRepeat: Bool

    init(_ method: HTTPRequest.Method, _ path: String, _ permission: String?, sessionOnly: Bool = false, streamsBody: Bool = false,
         safeToRepeat: Bool = false) {
        self.method = method
        self.path = path
        self.permission = permission
        self.sessionOnly = sessionOnly
        self.streamsBody = streamsBody
        self.safeToRepeat = safeToRepeat || [.get, .head, .delete].contains(method)
    }

    /// Every route the gateway forwards to auth.
    public static let auth: [ForwardedRoute] = [
        .init(.post, "/api/v1/auth/register", nil), .init(.post, "/api/v1/auth/login", nil),
        .init(.post, "/api/v1/auth/refresh", nil), .init(.post, "/api/v1/auth/login/2fa", nil),
        .init(.post, "/api/v1/auth/verify-email", nil), .init(.post, "/api/v1/auth/password-reset/request", nil),
        .init(.post, "/api/v1/auth/password-reset", nil),
        .init(.post, "/api/v1/auth/verify-email/request", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/auth/logout", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/auth/logout-all", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/auth/2fa/setup", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/auth/2fa/enable", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/auth/2fa/disable", "account:manage", sessionOnly: true),
        .init(.get, "/api/v1/users/me", "account:manage"),
        .init(.patch, "/api/v1/users/me", "account:manage", sessionOnly: true),
        .init(.delete, "/api/v1/users/me", "account:manage", sessionOnly: true),
        .init(.get, "/api/v1/users/me/tokens", "account:manage", sessionOnly: true),
        .init(.post, "/api/v1/users/me/tokens", "account:manage", sessionOnly: true),
        .init(.delete, "/api/v1/users/me/tokens/:id", "account:manage", sessionOnly: true),
        .init(.get, "/api/v1/admin/users", "users:admin"),
        .init(.patch, "/api/v1/admin/users/:id", "users:admin", sessionOnly: true),
        .init(.get, "/api/v1/admin/audit", "audit:read"),
    ]
}

/// The gateway's front door for accounts: the routes in ``ForwardedRoute/auth`` forwarded to the
/// auth service — the public sign-in routes limited per client address (failing closed when Redis
/// is down), every other one only for a caller holding its permission (403 otherwise) and limited
/// per user — and `GET /api/v1/auth/session`, answered here from the verified token.
public struct FrontDoorController: Sendable {
    let client: InternalHTTPClient
    let authURL: String
    let authenticator: TokenAuthenticator
    let policy: AccessPolicy
    let limiter: RateLimiter
    let authLimit: RateLimit
    /// The per-user API limits.
    public let apiLimits: APILimits
    let trustedProxies: TrustedProxies
    let logger: Logger

    public init(client: InternalHTTPClient, authURL: String, authenticator: TokenAuthenticator, policy: AccessPolicy, limiter: RateLimiter,
                authLimit: RateLimit, apiLimits: APILimits, trustedProxies: TrustedProxies, logger: Logger) {
        self.client = client
        self.authURL = authURL
        self.authenticator = authenticator
        self.policy = policy
        self.limiter = limiter
        self.authLimit = authLimit
        self.apiLimits = apiLimits
        self.trustedProxies = trustedProxies
        self.logger = logger
    }

    static let forwardedRequestHeaders: [HTTPField.Name] = [.contentType, .authorization, .userAgent, .accept, .cookie, .csrfToken]
    static let forwardedResponseHeaders: Set<String> = ["content-type", "retry-after", "cache-control", "www-authenticate", "set-cookie"]
    static let bodyLimit = 64 << 10

    public func addRoutes(to router: Router<GatewayContext>) {
        for route in ForwardedRoute.auth {
            router.on(RouterPath(route.path), method: route.method) { (request: Request, context: GatewayContext) async throws -> Response in
                guard let permission = route.permission else {
                    return try await limited(request, context, limit: authLimit, kind: "auth") { try await forward(request, context) }
                }
                let caller = try await authorize(request, context, permission: permission, sessionOnly: route.sessionOnly)
                let response = try await limited(request, context, limit: apiLimits.limit(for: caller.roles), kind: "api", key: "user:\(caller.user.uuidString.lowercased())") {
                    try await forward(request, context)
                }
                forgetEndedSessions(route, caller: caller, status: response.status)
                return response
            }
        }
        router.get("/api/v1/auth/session") { request, context in
            let caller = try await authorize(request, context, permission: nil, sessionOnly: true)
            return try await limited(request, context, limit: apiLimits.limit(for: caller.roles), kind: "api", key: "user:\(caller.user.uuidString.lowercased())") {
                SessionBody(
                    userID: caller.user.uuidString.lowercased(), sessionID: caller.session?.uuidString.lowercased() ?? "", roles: caller.roles,
                    permissions: caller.permissions.sorted(), expiresAt: caller.expiresAt.map { SessionBody.iso8601.format($0) } ?? ""
                ).response
            }
        }
    }

    /// After a signed-out session's logout (or a logout everywhere) succeeded at auth, this replica
    /// forgets it at once; the others hear it on `sessions:ended`.
    func forgetEndedSessions(_ route: ForwardedRoute, caller: Caller, status: HTTPResponse.Status) {
        guard status.kind == .successful, let view = authenticator.sessionView else { return }
        switch route.path {
        case "/api/v1/auth/logout": if let session = caller.session { view.ended(session) }
        case "/api/v1/auth/logout-all": view.ended(user: caller.user)
        default: break
        }
    }

    /// Who is calling, and what they may do.
    public struct Caller: Sendable {
        public let user: UUID
        /// `nil` for a personal API token.
        public let session: UUID?
        public let roles: [String]
        public let permissions: Set<String>
        public let expiresAt: Date?
    }

    /// The authenticated caller, when they hold `permission` (any caller when `nil`).
    func authorize(_ request: Request, _ context: GatewayContext, permission: String?, sessionOnly: Bool) async throws -> Caller {
        let caller = try await authenticate(request, context)
        if sessionOnly && caller.session == nil {
            throw AppError(.forbidden, code: "session_required", message: "this route needs a signed-in session, not an API token")
        }
        if let permission, !caller.permissions.contains(permission) {
            throw AppError(.forbidden, code: "forbidden", message: "this needs the permission \(permission)")
        }
        return caller
    }

    /// `GET /api/v1/auth/session`'s answer. Every signed-in page asks for it, so it is written as
    /// text directly rather than through a `JSONEncoder`.
    struct SessionBody {
        static let iso8601 = Date.ISO8601FormatStyle()
        let userID: String
        let sessionID: String
        let roles: [String]
        let permissions: [String]
        let expiresAt: String

        var json: String {
            let quote = JSONText.quote
            return "{\"user_id\":" + quote(userID) + ",\"session_id\":" + quote(sessionID)
                + ",\"roles\":[" + roles.map(quote).joined(separator: ",") + "],\"permissions\":[" + permissions.map(quote).joined(separator: ",")
                + "],\"expires_at\":" + quote(expiresAt) + "}"
        }

        var response: Response {
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }

    /// The caller behind the request's bearer credential: an access token verified here (signature,
    /// claims, live session) or a personal API token introspected at auth.
    func authenticate(_ request: Request, _ context: GatewayContext) async throws -> Caller {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count < 4096 else {
            throw AppError(.unauthorized, code: "invalid_token", message: "a valid bearer access token is required", headers: [.wwwAuthenticate: "Bearer"])
        }
        let credential = String(header.dropFirst(7))
        do {
            if credential.hasPrefix("mpt_") {
                guard let grant = try await policy.introspect(credential, requestID: context.requestID) else {
                    throw AppError(.unauthorized, code: "invalid_api_token", message: "the API token is unknown, revoked or expired",
                                   headers: [.wwwAuthenticate: "Bearer"])
                }
                return Caller(user: grant.user, session: nil, roles: grant.roles, permissions: grant.permissions, expiresAt: nil)
            }
            let identity: TokenAuthenticator.Identity
            do {
                identity = try await authenticator.authenticate(credential, requestID: context.requestID)
            } catch {
                if error.code == "jwks_unavailable" { throw AppError.unavailable("the key set is unavailable; try again", retryAfterSeconds: 2) }
                throw AppError(.unauthorized, code: error.code, message: error.message, headers: [.wwwAuthenticate: "Bearer"])
            }
            let permissions = try await policy.permissions(of: identity.roles, requestID: context.requestID)
            return Caller(user: identity.user, session: identity.session, roles: identity.roles, permissions: permissions, expiresAt: identity.expiresAt)
        } catch let error as AppError {
            throw error
        } catch {
            logger.error("permission check unavailable", metadata: ["request_id": .string(context.requestID ?? "-"), "error": .string("\(error)".prefix(200).description)])
            throw AppError.unavailable("permissions cannot be checked right now; try again", retryAfterSeconds: 2)
        }
    }

    /// Runs `body` when the limit allows, adding the `RateLimit-*` headers; 429 otherwise. When
    /// Redis cannot answer, auth routes fail closed (503) and API routes proceed unlimited (logged).
    func limited(_ request: Request, _ context: GatewayContext, limit: RateLimit, kind: String, key: String? = nil,
                 _ body: () async throws -> Response) async throws -> Response {
        let address = ClientAddress.resolve(request, peer: context.remoteAddress, trusted: trustedProxies)
        let decision: RateLimiter.Decision
        do {
            decision = try await limiter.check(key: "\(kind):\(key ?? "ip:\(address)")", limit: limit)
        } catch {
            if kind == "auth" { throw AppError.unavailable("rate limiting is unavailable; sign-in is paused", retryAfterSeconds: 5) }
            logger.warning("rate limit skipped: Redis unreachable", metadata: ["request_id": .string(context.requestID ?? "-")])
            return try await body()
        }
        guard decision.allowed else {
            limiter.rejected(kind)
            throw AppError(.tooManyRequests, code: "rate_limited", message: "too many requests; retry after the time in Retry-After", headers: decision.headers)
        }
        var response = try await body()
        for field in decision.headers { response.headers.append(field) }
        return response
    }

    /// Forwards the request (path and query) to auth with the resolved client address and the
    /// request id.
    func forward(_ request: Request, _ context: GatewayContext) async throws -> Response {
        var headers: [(name: String, value: String)] = []
        for name in Self.forwardedRequestHeaders {
            if let value = request.headers[name] { headers.append((name.rawName, value)) }
        }
        headers.append(("X-Forwarded-For", ClientAddress.resolve(request, peer: context.remoteAddress, trusted: trustedProxies)))
        if let id = context.requestID { headers.append(("X-Request-ID", id)) }
        var body: [UInt8]?
        if [.post, .patch, .put, .delete].contains(request.method) {
            do {
                body = Array(buffer: try await request.body.collect(upTo: Self.bodyLimit))
            } catch {
                throw AppError(.contentTooLarge, code: "body_too_large", message: "the body may hold at most \(Self.bodyLimit) bytes")
            }
        }
        let exchange: InternalHTTPClient.Exchange
        do {
            exchange = try await client.send(request.method.rawValue, authURL + request.uri.string, headers: headers, body: body, timeout: .seconds(10))
        } catch {
            logger.error("auth unreachable", metadata: ["request_id": .string(context.requestID ?? "-"), "error": .string("\(error)".prefix(200).description)])
            throw AppError(.badGateway, code: "upstream_unavailable", message: "the account service did not answer")
        }
        var fields = HTTPFields()
        for (name, value) in exchange.headers where Self.forwardedResponseHeaders.contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        fields[.contentLength] = String(exchange.body.count)
        return Response(status: HTTPResponse.Status(code: exchange.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: exchange.body)))
    }
}

/// Security headers on every gateway answer: HSTS, no sniffing, no framing, no referrer, and a CSP
/// that lets an API response load nothing.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.frameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        return response
    }
}

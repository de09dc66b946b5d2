import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import JWTVerification
import Logging
import NIOCore
import ServiceKit

/// The gateway's front door for accounts: `/api/v1/auth/*` and `/api/v1/users/me` forwarded to
/// the auth service (per-address rate limits on `register`, `login` and `refresh`, failing closed
/// when Redis is down), and `GET /api/v1/auth/session`, answered here from the verified token.
public struct FrontDoorController: Sendable {
    let client: InternalHTTPClient
    let authURL: String
    let authenticator: TokenAuthenticator
    let limiter: RateLimiter
    let authLimit: RateLimit
    let apiLimit: RateLimit
    let trustedProxies: Set<String>
    let logger: Logger

    public init(client: InternalHTTPClient, authURL: String, authenticator: TokenAuthenticator, limiter: RateLimiter,
                authLimit: RateLimit, apiLimit: RateLimit, trustedProxies: Set<String>, logger: Logger) {
        self.client = client
        self.authURL = authURL
        self.authenticator = authenticator
        self.limiter = limiter
        self.authLimit = authLimit
        self.apiLimit = apiLimit
        self.trustedProxies = trustedProxies
        self.logger = logger
    }

    static let forwardedRequestHeaders: [HTTPField.Name] = [.contentType, .authorization, .userAgent, .accept]
    static let forwardedResponseHeaders: Set<String> = ["content-type", "retry-after", "cache-control", "www-authenticate"]
    static let bodyLimit = 64 << 10

    public func addRoutes(to router: Router<GatewayContext>) {
        for action in ["register", "login", "refresh", "login/2fa"] {
            router.post("/api/v1/auth/\(action)") { request, context in
                try await limited(request, context, limit: authLimit, kind: "auth") {
                    try await forward(request, context, path: "/api/v1/auth/\(action)")
                }
            }
        }
        for action in ["logout", "logout-all", "2fa/setup", "2fa/enable", "2fa/disable"] {
            router.post("/api/v1/auth/\(action)") { request, context in
                try await forward(request, context, path: "/api/v1/auth/\(action)")
            }
        }
        router.get("/api/v1/users/me") { request, context in
            try await forward(request, context, path: "/api/v1/users/me")
        }
        router.get("/api/v1/auth/session") { request, context in
            let identity = try await authenticate(request, context)
            return try await limited(request, context, limit: apiLimit, kind: "api", key: "user:\(identity.user.uuidString.lowercased())") {
                try jsonResponse(SessionBody(
                    userID: identity.user.uuidString.lowercased(), sessionID: identity.session.uuidString.lowercased(), roles: identity.roles,
                    expiresAt: ISO8601DateFormatter().string(from: identity.expiresAt)))
            }
        }
    }

    struct SessionBody: Encodable {
        let userID: String
        let sessionID: String
        let roles: [String]
        let expiresAt: String
        enum CodingKeys: String, CodingKey { case userID = "user_id", sessionID = "session_id", roles, expiresAt = "expires_at" }
    }

    /// The verified identity of the request's bearer token.
    func authenticate(_ request: Request, _ context: GatewayContext) async throws -> TokenAuthenticator.Identity {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count < 4096 else {
            throw AppError(.unauthorized, code: "invalid_token", message: "a valid bearer access token is required", headers: [.wwwAuthenticate: "Bearer"])
        }
        do {
            return try await authenticator.authenticate(String(header.dropFirst(7)), requestID: context.requestID)
        } catch {
            if error.code == "jwks_unavailable" { throw AppError.unavailable("the key set is unavailable; try again", retryAfterSeconds: 2) }
            throw AppError(.unauthorized, code: error.code, message: error.message, headers: [.wwwAuthenticate: "Bearer"])
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
            throw AppError(.tooManyRequests, code: "rate_limited", message: "too many requests; retry after the time in Retry-After", headers: decision.headers)
        }
        var response = try await body()
        for field in decision.headers { response.headers.append(field) }
        return response
    }

    /// Forwards the request to auth with the resolved client address and the request id.
    func forward(_ request: Request, _ context: GatewayContext, path: String) async throws -> Response {
        var headers: [(name: String, value: String)] = []
        for name in Self.forwardedRequestHeaders {
            if let value = request.headers[name] { headers.append((name.rawName, value)) }
        }
        headers.append(("X-Forwarded-For", ClientAddress.resolve(request, peer: context.remoteAddress, trusted: trustedProxies)))
        if let id = context.requestID { headers.append(("X-Request-ID", id)) }
        var body: [UInt8]?
        if request.method == .post {
            do {
                body = Array(buffer: try await request.body.collect(upTo: Self.bodyLimit))
            } catch {
                throw AppError(.contentTooLarge, code: "body_too_large", message: "the body may hold at most \(Self.bodyLimit) bytes")
            }
        }
        let exchange: InternalHTTPClient.Exchange
        do {
            exchange = try await client.send(request.method.rawValue, authURL + path, headers: headers, body: body, timeout: .seconds(10))
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
        response.headers[HTTPField.Name("Strict-Transport-Security")!] = "max-age=31536000; includeSubDomains"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; frame-ancestors 'none'"
        return response
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import JWTVerification
import ServiceKit

/// Who a request speaks for, once authenticated.
public struct Principal: Sendable {
    public let user: UUID
    /// The session of an access token; `nil` for a personal API token.
    public let session: UUID?
    public let roles: [String]
    /// What the principal may do: the roles' permissions, narrowed to the token's scopes for an
    /// API token.
    public let permissions: Set<String>
}

/// Authenticates the bearer of a request — an access token (signature, claims, live session) or a
/// personal API token (hash lookup) — and checks the permission a route declares.
public struct RequestAuthenticator: Sendable {
    let verifier: AccessTokenVerifier
    let sessions: SessionStore
    let tokens: APITokenStore
    let rbac: RolePermissions

    public init(verifier: AccessTokenVerifier, sessions: SessionStore, tokens: APITokenStore, rbac: RolePermissions) {
        self.verifier = verifier
        self.sessions = sessions
        self.tokens = tokens
        self.rbac = rbac
    }

    static func unauthorized(_ code: String = "invalid_token", _ message: String = "a valid bearer access token is required") -> AppError {
        AppError(.unauthorized, code: code, message: message, headers: [.wwwAuthenticate: "Bearer"])
    }

    /// The principal behind the request's bearer credential.
    public func principal(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count < 4096 else { throw Self.unauthorized() }
        return try await principal(credential: String(header.dropFirst(7)))
    }

    /// The principal behind a bearer credential (an access token or an API token).
    public func principal(credential: String) async throws -> Principal {
        if credential.hasPrefix(APITokenStore.prefix) {
            guard let (owner, roles, scopes) = try await tokens.resolve(secret: credential) else {
                throw Self.unauthorized("invalid_api_token", "the API token is unknown, revoked or expired")
            }
            return Principal(user: owner, session: nil, roles: roles, permissions: try await rbac.permissions(of: roles).intersection(scopes))
        }
        let claims: AccessTokenClaims
        do {
            claims = try await verifier.verify(credential)
        } catch {
            throw Self.unauthorized(error.code, error.message)
        }
        guard let user = UUID(uuidString: claims.subject.value), let session = UUID(uuidString: claims.sessionID),
              try await sessions.user(of: session) == user else {
            throw Self.unauthorized("session_ended", "the session has ended; sign in again")
        }
        return Principal(user: user, session: session, roles: claims.roles, permissions: try await rbac.permissions(of: claims.roles))
    }

    /// The principal, when it holds `permission` (403 otherwise). `sessionOnly` routes (account
    /// security: tokens, second factor, deletion) refuse API tokens.
    public func require(_ permission: String, _ request: Request, sessionOnly: Bool = false) async throws -> Principal {
        let principal = try await principal(request)
        if sessionOnly && principal.session == nil {
            throw AppError(.forbidden, code: "session_required", message: "this route needs a signed-in session, not an API token")
        }
        guard principal.permissions.contains(permission) else {
            throw AppError(.forbidden, code: "forbidden", message: "this needs the permission \(permission)")
        }
        return principal
    }
}

/// Request helpers the auth controllers share.
enum AuthHTTP {
    static let bodyLimit = 16 << 10

    /// Decodes a JSON body of at most ``bodyLimit`` bytes, with a precise 400 on a bad one.
    static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request) async throws -> Body {
        try await JSONBody.decode(type, request, limit: bodyLimit)
    }

    /// The body, of at most ``bodyLimit`` bytes (413 beyond).
    static func collect(_ request: Request) async throws -> ByteBuffer {
        try await JSONBody.collect(request, limit: bodyLimit)
    }

    /// Decodes a collected JSON body, with a precise 400 on a bad one.
    static func decode<Body: Decodable>(_ type: Body.Type, from buffer: ByteBuffer) throws -> Body {
        try JSONBody.decode(type, from: buffer)
    }

    /// An audit event about this request.
    static func event(_ name: String, _ success: Bool, _ request: Request, requestID: String?, actor: UUID? = nil, target: UUID? = nil,
                      detail: String = "{}") -> AuthStore.AuditEvent {
        AuthStore.AuditEvent(
            event: name, success: success, actor: actor, target: target, ip: clientAddress(request),
            userAgent: request.headers[.userAgent].map { String($0.prefix(256)) }, requestID: requestID, detail: detail)
    }

    /// The client's address: the first `X-Forwarded-For` hop (auth sits behind nginx and the gateway).
    static func clientAddress(_ request: Request) -> String {
        let forwarded = request.headers[.forwardedFor]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return forwarded.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? "direct"
    }
}

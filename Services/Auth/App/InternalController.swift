import Contracts
import Crypto
import Foundation
import Hummingbird
import JWTVerification
import ServiceKit

/// Auth's internal routes (`/internal/v1/*`, reached only through the internal listener):
/// service tokens for a service's client secret, and — for callers holding a service token meant
/// for auth — the role → permission map and API-token introspection.
public struct InternalController<Context: RequestContext>: Sendable {
    let issuer: TokenIssuer
    let verifier: AccessTokenVerifier
    let secrets: [String: String]
    let rbac: RolePermissions
    let authenticator: RequestAuthenticator
    let store: AuthStore

    public init(issuer: TokenIssuer, verifier: AccessTokenVerifier, secrets: [String: String], rbac: RolePermissions,
                authenticator: RequestAuthenticator, store: AuthStore) {
        self.issuer = issuer
        self.verifier = verifier
        self.secrets = secrets
        self.rbac = rbac
        self.authenticator = authenticator
        self.store = store
    }

    public func addRoutes(to router: Router<Context>) {
        router.post("/internal/v1/service-tokens") { request, context in try await grant(request, context) }
        router.get("/internal/v1/permissions") { request, _ in
            _ = try await caller(request)
            let map = try await rbac.map()
            return try jsonResponse(PermissionMap(roles: map.mapValues { $0.sorted() }))
        }
        router.post("/internal/v1/api-tokens/introspect") { request, _ in
            _ = try await caller(request)
            let body = try await AuthHTTP.decode(TokenIntrospectionRequest.self, request)
            guard body.token.hasPrefix(APITokenStore.prefix), let principal = try? await authenticator.principal(credential: body.token) else {
                return try jsonResponse(TokenIntrospection(active: false))
            }
            return try jsonResponse(TokenIntrospection(
                active: true, userID: principal.user.uuidString.lowercased(), roles: principal.roles, permissions: principal.permissions.sorted()))
        }
    }

    /// A service token for a known client whose secret matches (compared as SHA-256 digests, in
    /// constant time).
    private func grant(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(ServiceTokenRequest.self, request)
        let presented = SHA256.hash(data: Data(body.clientSecret.utf8))
        let expected = SHA256.hash(data: Data((secrets[body.clientID] ?? UUID().uuidString).utf8))
        guard secrets[body.clientID] != nil, presented == expected else {
            await store.audit(AuthHTTP.event("service_token", false, request, requestID: context.requestID,
                                             detail: #"{"client_id":\#(JSONText.quote(String(body.clientID.prefix(32))))}"#))
            throw AppError(.unauthorized, code: "invalid_client", message: "the client id or secret is wrong")
        }
        guard ServiceName(rawValue: body.audience) != nil, body.audience != body.clientID else {
            throw AppError(.unprocessableContent, code: "invalid_audience", message: "the audience must be another service's name")
        }
        let token = try await issuer.serviceToken(caller: body.clientID, callee: body.audience)
        return try jsonResponse(ServiceTokenGrant(accessToken: token, expiresIn: issuer.serviceLifetime.components.seconds))
    }

    /// The calling service, from a service token meant for auth.
    private func caller(_ request: Request) async throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "), header.count < 4096 else {
            throw AppError(.unauthorized, code: "service_token_required", message: "internal routes need a service token", headers: [.wwwAuthenticate: "Bearer"])
        }
        do {
            return try await verifier.verifyService(String(header.dropFirst(7)), callee: ServiceName.auth.rawValue).caller
        } catch {
            throw AppError(.unauthorized, code: error.code, message: error.message, headers: [.wwwAuthenticate: "Bearer"])
        }
    }
}

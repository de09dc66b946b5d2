import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// Personal API tokens (`/api/v1/users/me/tokens`) and the administrators' routes
/// (`/api/v1/admin/*`): users, their roles, and the audit log.
public struct AccountController<Context: RequestContext>: Sendable {
    let store: AuthStore
    let tokens: APITokenStore
    let sessions: SessionStore
    let authenticator: RequestAuthenticator
    let rbac: RolePermissions

    public init(store: AuthStore, tokens: APITokenStore, sessions: SessionStore, authenticator: RequestAuthenticator, rbac: RolePermissions) {
        self.store = store
        self.tokens = tokens
        self.sessions = sessions
        self.authenticator = authenticator
        self.rbac = rbac
    }

    /// The roles an account may hold (`service` belongs to services, never to a person).
    static var assignableRoles: Set<String> { Set(Role.assignable.map(\.rawValue)) }

    public func addRoutes(to router: Router<Context>) {
        router.post("/api/v1/users/me/tokens") { request, context in try await createToken(request, context) }
        router.get("/api/v1/users/me/tokens") { request, _ in
            let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
            return try jsonResponse(Items(items: try await tokens.list(owner: principal.user)))
        }
        router.delete("/api/v1/users/me/tokens/:id") { request, context in try await revokeToken(request, context) }
        router.get("/api/v1/admin/users") { request, context in try await listUsers(request, context) }
        router.patch("/api/v1/admin/users/:id") { request, context in try await changeRoles(request, context) }
        router.get("/api/v1/admin/audit") { request, context in try await readAudit(request, context) }
    }

    struct Items<Item: Encodable>: Encodable {
        let items: [Item]
    }

    struct NewToken: Decodable {
        let name: String
        let scopes: [String]
        let expiresInDays: Int?
        enum CodingKeys: String, CodingKey { case name, scopes, expiresInDays = "expires_in_days" }
    }

    struct CreatedToken: Encodable {
        let token: String
        let details: APITokenStore.Token
        func encode(to encoder: any Encoder) throws {
            try details.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(token, forKey: .token)
        }
        enum Key: String, CodingKey { case token }
    }

    private func createToken(_ request: Request, _ context: Context) async throws -> Response {
        let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
        let body = try await AuthHTTP.decode(NewToken.self, request)
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(name.count), !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw AppError(.unprocessableContent, code: "invalid_name", message: "the name must hold 1 to 100 characters, none of them control characters")
        }
        let scopes = Set(body.scopes)
        guard !scopes.isEmpty else { throw AppError(.unprocessableContent, code: "invalid_scopes", message: "name at least one permission in scopes") }
        let known = try await rbac.all()
        if let unknown = scopes.subtracting(known).sorted().first {
            throw AppError(.unprocessableContent, code: "unknown_scope", message: "there is no permission \(unknown.prefix(64))")
        }
        if let unheld = scopes.subtracting(principal.permissions).sorted().first {
            throw AppError(.forbidden, code: "scope_not_held", message: "a token may only carry permissions you hold; you lack \(unheld)")
        }
        if let days = body.expiresInDays, !(1...365).contains(days) {
            throw AppError(.unprocessableContent, code: "invalid_expiry", message: "expires_in_days must be between 1 and 365")
        }
        let expiry = body.expiresInDays.map { Date().addingTimeInterval(Double($0) * 86_400) }
        let (token, secret) = try await tokens.create(owner: principal.user, name: name, scopes: scopes.sorted(), expiresAt: expiry)
        await store.audit(AuthHTTP.event("api_token_created", true, request, requestID: context.requestID, actor: principal.user,
                                         target: principal.user, detail: #"{"token_id":"\#(token.id.value.uuidString.lowercased())"}"#))
        return try jsonResponse(CreatedToken(token: secret, details: token), status: .created)
    }

    private func revokeToken(_ request: Request, _ context: Context) async throws -> Response {
        let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)), try await tokens.revoke(id: id, owner: principal.user) else {
            throw AppError.notFound("no such API token")
        }
        await store.audit(AuthHTTP.event("api_token_revoked", true, request, requestID: context.requestID, actor: principal.user,
                                         target: principal.user, detail: #"{"token_id":"\#(id.uuidString.lowercased())"}"#))
        return Response(status: .noContent)
    }

    struct UserPage: Encodable {
        let items: [AuthStore.UserSummary]
        let page: Int
        let pageSize: Int
        let total: Int
        enum CodingKeys: String, CodingKey { case items, page, pageSize = "page_size", total }
    }

    private func listUsers(_ request: Request, _ context: Context) async throws -> Response {
        _ = try await authenticator.require("users:admin", request)
        let paging = try Paging(request)
        let (page, size) = (paging.page, paging.size)
        let filter = try request.uri.queryParameters.get("email").map { value -> String in
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
                throw AppError.badRequest("email may not hold control characters", code: "invalid_email")
            }
            return String(value.lowercased().prefix(254))
        }
        let (items, total) = try await store.users(offset: (page - 1) * size, limit: size, emailContains: filter)
        return try jsonResponse(UserPage(items: items, page: page, pageSize: size, total: total))
    }

    struct RoleChange: Decodable {
        let roles: [String]
    }

    private func changeRoles(_ request: Request, _ context: Context) async throws -> Response {
        let principal = try await authenticator.require("users:admin", request, sessionOnly: true)
        guard let target = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError.notFound("no such user") }
        let body = try await AuthHTTP.decode(RoleChange.self, request)
        let roles = Set(body.roles)
        guard !roles.isEmpty, roles.isSubset(of: Self.assignableRoles) else {
            throw AppError(.unprocessableContent, code: "invalid_roles", message: "roles must be a non-empty subset of user, creator, admin")
        }
        if target == principal.user && !roles.contains(Role.admin.rawValue) {
            throw AppError(.conflict, code: "cannot_demote_self", message: "an administrator cannot take their own admin role away")
        }
        guard let old = try await store.setRoles(roles.sorted(), user: target) else { throw AppError.notFound("no such user") }
        if Set(old) != roles {
            // Tokens carry roles: end the user's sessions so the change applies at once.
            _ = try await sessions.endAll(user: target)
            try await store.revokeUser(target)
        }
        let detail = #"{"from":[\#(old.sorted().map { "\"\($0)\"" }.joined(separator: ","))],"to":[\#(roles.sorted().map { "\"\($0)\"" }.joined(separator: ","))]}"#
        await store.audit(AuthHTTP.event("role_change", true, request, requestID: context.requestID, actor: principal.user, target: target, detail: detail))
        guard let account = try await store.account(id: target) else { throw AppError.notFound("no such user") }
        return try jsonResponse(AuthStore.UserSummary(id: LowercaseID(target), email: account.email, roles: account.roles, emailVerified: account.emailVerified,
                                                      createdAt: account.createdAt))
    }

    struct AuditPage: Encodable {
        let items: [AuthStore.AuditEntry]
        let nextBefore: Int64?
        enum CodingKeys: String, CodingKey { case items, nextBefore = "next_before" }
    }

    private func readAudit(_ request: Request, _ context: Context) async throws -> Response {
        _ = try await authenticator.require("audit:read", request)
        let query = request.uri.queryParameters
        let before = try query.get("before").map { guard let value = Int64($0), value > 0 else {
            throw AppError.badRequest("before must be an audit entry id", code: "invalid_before") }; return value }
        let size = try Paging(request).size
        let target = try query.get("target").map { guard let id = UUID(uuidString: $0) else {
            throw AppError.badRequest("target must be a user id", code: "invalid_target") }; return id }
        let event = try query.get("event").map { guard $0.count <= 64, $0.allSatisfy({ $0.isLetter || $0 == "_" || $0.isNumber }) else {
            throw AppError.badRequest("event must be an event name", code: "invalid_event") }; return $0 }
        let entries = try await store.auditLog(before: before, limit: size, event: event, target: target)
        return try jsonResponse(AuditPage(items: entries, nextBefore: entries.count == size ? entries.last?.id : nil))
    }
}

import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import RedisKit
import ServiceKit

/// `PATCH /api/v1/users/me` (new email and/or password, confirmed with the current password) and
/// `DELETE /api/v1/users/me` (confirmed with the password): the account row goes — and with it,
/// through the schema's cascades, every row the user owns — every session ends, and a
/// `user.deleted` event goes out on Redis channel `events:user.deleted` (``Contracts/UserDeleted``) for the other services to
/// purge their files and sockets.
public struct ProfileController<Context: RequestContext>: Sendable {
    let store: AuthStore
    let sessions: SessionStore
    let hasher: PasswordHasher
    let authenticator: RequestAuthenticator
    let redis: RedisClient
    let mail: AccountMail


    public init(store: AuthStore, sessions: SessionStore, hasher: PasswordHasher, authenticator: RequestAuthenticator, redis: RedisClient, mail: AccountMail) {
        self.mail = mail
        self.store = store
        self.sessions = sessions
        self.hasher = hasher
        self.authenticator = authenticator
        self.redis = redis
    }

    public func addRoutes(to router: Router<Context>) {
        router.patch("/api/v1/users/me") { request, context in try await update(request, context) }
        router.delete("/api/v1/users/me") { request, context in try await delete(request, context) }
    }

    struct Update: Decodable {
        let currentPassword: String
        let email: String?
        let password: String?
        enum CodingKeys: String, CodingKey { case currentPassword = "current_password", email, password }
    }

    struct Confirm: Decodable {
        let password: String
    }

    /// Checks the account's current password (sessions only: an API token cannot change an account).
    private func confirm(_ password: String, _ request: Request, _ context: Context) async throws -> (Principal, AuthStore.Account) {
        let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
        guard let summary = try await store.account(id: principal.user), let account = try await store.account(email: summary.email) else {
            throw AppError.notFound("the account no longer exists")
        }
        guard try await hasher.verify(password, hash: account.passwordHash) else {
            await store.audit(AuthHTTP.event("reauthentication", false, request, requestID: context.requestID, actor: principal.user, target: principal.user))
            throw AppError(.forbidden, code: "wrong_password", message: "the current password is wrong")
        }
        return (principal, account)
    }

    private func update(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(Update.self, request)
        guard body.email != nil || body.password != nil else {
            throw AppError.badRequest("name a new email, a new password, or both", code: "nothing_to_change")
        }
        let newEmail = try body.email.map { text -> String in
            guard let email = EmailAddress.normalised(text) else { throw AppError.badRequest("the email address is not valid", code: "invalid_email") }
            return email
        }
        let (principal, account) = try await confirm(body.currentPassword, request, context)
        if let password = body.password {
            do {
                try PasswordPolicy.check(password, email: newEmail ?? account.email)
            } catch {
                throw AppError(.unprocessableContent, code: error.code, message: error.message)
            }
        }
        let hash = try await body.password.asyncMap { try await hasher.hash($0) }
        guard try await store.updateAccount(principal.user, email: newEmail, passwordHash: hash) else {
            throw AppError(.conflict, code: "email_taken", message: "an account with this email exists")
        }
        if let newEmail, newEmail != account.email {
            await store.audit(AuthHTTP.event("email_change", true, request, requestID: context.requestID, actor: principal.user, target: principal.user))
            mail.mailVerification(user: principal.user, email: newEmail, requestID: context.requestID)
        }
        if hash != nil {
            // A new password ends every other session (and its refresh tokens).
            for session in try await sessions.endAll(user: principal.user, keeping: principal.session) {
                try await store.revokeSession(session)
            }
            await store.audit(AuthHTTP.event("password_change", true, request, requestID: context.requestID, actor: principal.user, target: principal.user))
        }
        guard let fresh = try await store.account(id: principal.user) else { throw AppError.notFound("the account no longer exists") }
        return try jsonResponse(AuthStore.UserSummary(
            id: LowercaseID(principal.user), email: fresh.email, roles: fresh.roles, emailVerified: fresh.emailVerified, createdAt: fresh.createdAt))
    }

    private func delete(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await AuthHTTP.decode(Confirm.self, request)
        let (principal, _) = try await confirm(body.password, request, context)
        _ = try await sessions.endAll(user: principal.user)
        try await store.deleteAccount(principal.user)
        await store.audit(AuthHTTP.event("account_deleted", true, request, requestID: context.requestID, actor: principal.user, target: principal.user))
        try await redis.publish(UserDeleted(userID: principal.user))
        var response = Response(status: .noContent)
        for cookie in BrowserSession.clearingCookies { response.headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return response
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO
import ServiceKit

/// Email verification and password reset by single-use tokens sent over SMTP: the token travels
/// only in the mail (in the link's fragment, which never reaches a server log) and is stored as a
/// SHA-256 hash; a verification token lives 24 h, a reset token 1 h, and asking again spends the
/// earlier ones.
///
/// Asking for a reset answers 202 whether or not the address has an account, and the mail goes
/// out in the background, so neither the answer nor its timing tells who has one.
public struct EmailController<Context: RequestContext>: Sendable {
    let store: AuthStore
    let sessions: SessionStore
    let hasher: PasswordHasher
    let authenticator: RequestAuthenticator
    let mail: AccountMail

    public init(store: AuthStore, sessions: SessionStore, hasher: PasswordHasher, authenticator: RequestAuthenticator, mail: AccountMail) {
        self.store = store
        self.sessions = sessions
        self.hasher = hasher
        self.authenticator = authenticator
        self.mail = mail
    }

    public func addRoutes(to router: Router<Context>) {
        router.post("/api/v1/auth/verify-email/request") { request, context in
            let principal = try await authenticator.require("account:manage", request, sessionOnly: true)
            guard let account = try await store.account(id: principal.user) else { throw AppError.notFound("the account no longer exists") }
            guard !account.emailVerified else { throw AppError(.conflict, code: "already_verified", message: "the address is verified already") }
            try requireMailer()
            mail.mailVerification(user: principal.user, email: account.email, requestID: context.requestID)
            return Response(status: .accepted)
        }
        router.post("/api/v1/auth/verify-email") { request, context in
            let body = try await AuthHTTP.decode(TokenBody.self, request)
            guard let (user, email) = try await mail.tokens.spend(body.token, purpose: .verify), try await store.markVerified(user, email: email) else {
                throw AppError(.unprocessableContent, code: "invalid_token", message: "the link is unknown, used or expired; ask for a new one")
            }
            await store.audit(AuthHTTP.event("email_verified", true, request, requestID: context.requestID, actor: user, target: user))
            return Response(status: .noContent)
        }
        router.post("/api/v1/auth/password-reset/request") { request, context in
            let body = try await AuthHTTP.decode(ResetRequest.self, request)
            try requireMailer()
            if let email = EmailAddress.normalised(body.email) {
                let requestID = context.requestID
                Task { await mail.mailReset(email: email, requestID: requestID) }
            }
            return Response(status: .accepted)
        }
        router.post("/api/v1/auth/password-reset") { request, context in
            let body = try await AuthHTTP.decode(ResetBody.self, request)
            let invalid = AppError(.unprocessableContent, code: "invalid_token", message: "the link is unknown, used or expired; ask for a new one")
            // The rules first (a refused password does not spend the link), then the link, once.
            guard let address = try await mail.tokens.peek(body.token, purpose: .reset) else { throw invalid }
            do {
                try PasswordPolicy.check(body.password, email: address)
            } catch let refusal as PasswordPolicy.Refusal {
                throw AppError(.unprocessableContent, code: refusal.code, message: refusal.message)
            }
            guard let (user, _) = try await mail.tokens.spend(body.token, purpose: .reset) else { throw invalid }
            let hash = try await hasher.hash(body.password)
            _ = try await store.updateAccount(user, email: nil, passwordHash: hash)
            _ = try await sessions.endAll(user: user)
            try await store.revokeUser(user)
            await store.audit(AuthHTTP.event("password_reset", true, request, requestID: context.requestID, actor: user, target: user))
            return Response(status: .noContent)
        }
    }

    struct TokenBody: Decodable {
        let token: String
    }

    struct ResetRequest: Decodable {
        let email: String
    }

    struct ResetBody: Decodable {
        let token: String
        let password: String
    }

    private func requireMailer() throws {
        guard mail.mailer != nil else { throw AppError.unavailable("mail is not configured (SMTP_HOST)", retryAfterSeconds: 60) }
    }
}

/// The mails auth sends: verification links and reset links, each with a fresh single-use token.
public struct AccountMail: Sendable {
    let store: AuthStore
    let tokens: EmailTokenStore
    /// `nil` when `SMTP_HOST` is not set: the mail routes then answer 503.
    let mailer: SMTPMailer?
    let publicURL: String
    let logger: Logger

    public init(store: AuthStore, tokens: EmailTokenStore, mailer: SMTPMailer?, publicURL: String, logger: Logger) {
        self.store = store
        self.tokens = tokens
        self.mailer = mailer
        self.publicURL = publicURL
        self.logger = logger
    }

    /// Mails a verification link to a new or changed address, in the background (a relay that is
    /// down is logged, never the token).
    public func mailVerification(user: UUID, email: String, requestID: String?) {
        guard let mailer else { return }
        Task {
            do {
                let token = try await tokens.issue(user: user, email: email, purpose: .verify)
                try await mailer.send(Mail(
                    to: email, subject: "Confirm your ModPorter address",
                    body: """
                        Confirm this address for your ModPorter account by opening the link below (valid for 24 hours):

                        \(publicURL)/#/verify-email?token=\(token)

                        If you did not create an account, ignore this mail.
                        """))
            } catch {
                logger.error("verification mail not sent", metadata: ["request_id": .string(requestID ?? "-"), "error": .string("\(error)".prefix(200).description)])
            }
        }
    }

    /// Mails a reset link when `email` has an account (nothing otherwise).
    public func mailReset(email: String, requestID: String?) async {
        guard let mailer else { return }
        do {
            guard let account = try await store.account(email: email) else { return }
            let token = try await tokens.issue(user: account.id, email: email, purpose: .reset)
            try await mailer.send(Mail(
                to: email, subject: "Reset your ModPorter password",
                body: """
                    Someone asked to reset the password of your ModPorter account. To choose a new one, open the link below (valid for 1 hour):

                    \(publicURL)/#/reset-password?token=\(token)

                    If it was not you, ignore this mail: your password stays as it is.
                    """))
        } catch {
            logger.error("reset mail not sent", metadata: ["request_id": .string(requestID ?? "-"), "error": .string("\(error)".prefix(200).description)])
        }
    }
}

/// The hashed single-use tokens behind the mailed links.
public struct EmailTokenStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    public enum Purpose: String, Sendable {
        case verify, reset
        var lifetime: TimeInterval { self == .verify ? 86_400 : 3_600 }
    }

    /// A new token for `user` (earlier unused ones of the same purpose are spent).
    public func issue(user: UUID, email: String, purpose: Purpose) async throws -> String {
        let token = OpaqueToken.generate()
        let expires = Date().addingTimeInterval(purpose.lifetime)
        try await postgres.query(
            "UPDATE email_tokens SET used_at = now() WHERE user_id = \(user) AND purpose = \(purpose.rawValue) AND used_at IS NULL", logger: logger)
        try await postgres.query(
            """
            INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at)
            VALUES (\(OpaqueToken.hash(token)), \(user), \(purpose.rawValue), \(email), \(expires))
            """, logger: logger)
        return token
    }

    /// The address a live token of `purpose` was sent to, without spending it.
    public func peek(_ token: String, purpose: Purpose) async throws -> String? {
        guard token.utf8.count <= 128 else { return nil }
        let rows = try await postgres.query(
            """
            SELECT email FROM email_tokens
            WHERE token_hash = \(OpaqueToken.hash(token)) AND purpose = \(purpose.rawValue) AND used_at IS NULL AND expires_at > now()
            """, logger: logger)
        for try await email in rows.decode(String.self) { return email }
        return nil
    }

    /// Spends a live token of `purpose`; its user and the address it was sent to.
    public func spend(_ token: String, purpose: Purpose) async throws -> (UUID, String)? {
        guard token.utf8.count <= 128 else { return nil }
        let rows = try await postgres.query(
            """
            UPDATE email_tokens SET used_at = now()
            WHERE token_hash = \(OpaqueToken.hash(token)) AND purpose = \(purpose.rawValue) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id, email
            """, logger: logger)
        for try await row in rows.decode((UUID, String).self) { return row }
        return nil
    }
}

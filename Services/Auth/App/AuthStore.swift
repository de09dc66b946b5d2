import Foundation
import Logging
import PostgresNIO

/// The auth service's rows: accounts, refresh tokens (hashes only) and the append-only audit log.
public struct AuthStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// An account as sign-in needs it.
    public struct Account: Sendable {
        public var id: UUID
        public var email: String
        public var passwordHash: String?
        public var roles: [String]
    }

    /// Creates an account; `nil` when the email is taken.
    public func createAccount(email: String, passwordHash: String) async throws -> Account? {
        let rows = try await postgres.query(
            "INSERT INTO users (email, password_hash) VALUES (\(email), \(passwordHash)) ON CONFLICT (email) DO NOTHING RETURNING id, roles",
            logger: logger)
        for try await (id, roles) in rows.decode((UUID, [String]).self) {
            return Account(id: id, email: email, passwordHash: passwordHash, roles: roles)
        }
        return nil
    }

    public func account(email: String) async throws -> Account? {
        let rows = try await postgres.query("SELECT id, password_hash, roles FROM users WHERE email = \(email)", logger: logger)
        for try await (id, hash, roles) in rows.decode((UUID, String?, [String]).self) {
            return Account(id: id, email: email, passwordHash: hash, roles: roles)
        }
        return nil
    }

    public func account(id: UUID) async throws -> (email: String, roles: [String], createdAt: Date)? {
        let rows = try await postgres.query("SELECT email, roles, created_at FROM users WHERE id = \(id)", logger: logger)
        for try await (email, roles, created) in rows.decode((String, [String], Date).self) { return (email, roles, created) }
        return nil
    }

    // MARK: - Refresh tokens

    public func storeRefreshToken(hash: Data, family: UUID, session: UUID, user: UUID, expiresAt: Date) async throws {
        try await postgres.query(
            """
            INSERT INTO refresh_tokens (token_hash, family_id, session_id, user_id, expires_at)
            VALUES (\(hash), \(family), \(session), \(user), \(expiresAt))
            """, logger: logger)
    }

    /// What presenting a refresh token means.
    public enum Presentation: Sendable {
        /// Valid and now used: rotate within its family and session.
        case rotate(family: UUID, session: UUID, user: UUID)
        /// Already used: the family was revoked (reuse detection).
        case reused(family: UUID, session: UUID, user: UUID)
        /// Unknown, expired or revoked.
        case invalid
    }

    /// Marks a refresh token used, atomically; a second presentation revokes its whole family.
    public func present(refreshTokenHash hash: Data) async throws -> Presentation {
        let used = try await postgres.query(
            """
            UPDATE refresh_tokens SET used_at = now()
            WHERE token_hash = \(hash) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            RETURNING family_id, session_id, user_id
            """, logger: logger)
        for try await (family, session, user) in used.decode((UUID, UUID, UUID).self) {
            return .rotate(family: family, session: session, user: user)
        }
        let known = try await postgres.query(
            "SELECT family_id, session_id, user_id, used_at IS NOT NULL FROM refresh_tokens WHERE token_hash = \(hash)", logger: logger)
        for try await (family, session, user, wasUsed) in known.decode((UUID, UUID, UUID, Bool).self) {
            guard wasUsed else { return .invalid }
            try await postgres.query("UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = \(family) AND revoked_at IS NULL", logger: logger)
            return .reused(family: family, session: session, user: user)
        }
        return .invalid
    }

    public func revokeSession(_ session: UUID) async throws {
        try await postgres.query("UPDATE refresh_tokens SET revoked_at = now() WHERE session_id = \(session) AND revoked_at IS NULL", logger: logger)
    }

    public func revokeUser(_ user: UUID) async throws {
        try await postgres.query("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(user) AND revoked_at IS NULL", logger: logger)
    }

    // MARK: - Audit

    /// One audit event.
    public struct AuditEvent: Sendable {
        public var event: String
        public var success: Bool
        public var actor: UUID?
        public var target: UUID?
        public var ip: String?
        public var userAgent: String?
        public var requestID: String?
        /// A JSON object with the details (never a secret).
        public var detail: String = "{}"
    }

    public func audit(_ event: AuditEvent) async {
        do {
            try await postgres.query(
                """
                INSERT INTO audit_log (event, outcome, actor_id, target_id, ip, user_agent, request_id, detail)
                VALUES (\(event.event), \(event.success ? "success" : "failure"), \(event.actor), \(event.target), \(event.ip),
                        \(event.userAgent), \(event.requestID), \(event.detail)::jsonb)
                """, logger: logger)
        } catch {
            logger.error("audit write failed", metadata: ["event": .string(event.event), "error": .string("\(String(reflecting: error).prefix(300))")])
        }
    }

    /// The newest audit events about `user` (tests and the admin endpoint).
    public func auditEvents(target user: UUID, limit: Int = 50) async throws -> [(event: String, outcome: String)] {
        let rows = try await postgres.query(
            "SELECT event, outcome FROM audit_log WHERE target_id = \(user) ORDER BY id DESC LIMIT \(limit)", logger: logger)
        var events: [(String, String)] = []
        for try await row in rows.decode((String, String).self) { events.append(row) }
        return events
    }
}

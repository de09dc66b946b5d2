import Contracts
import Foundation
import Logging
import PostgresNIO

/// The auth service's rows: accounts, refresh tokens (hashes only) and the append-only audit log.
public struct AuthStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger
    /// Counts the audited security events (nil: not counted).
    let metrics: SecurityMetrics?

    public init(postgres: PostgresClient, logger: Logger, metrics: SecurityMetrics? = nil) {
        self.metrics = metrics
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

    public func account(id: UUID) async throws -> (email: String, roles: [String], createdAt: Date, emailVerified: Bool)? {
        let rows = try await postgres.query(
            "SELECT email, roles, created_at, email_verified_at IS NOT NULL FROM users WHERE id = \(id)", logger: logger)
        for try await (email, roles, created, verified) in rows.decode((String, [String], Date, Bool).self) { return (email, roles, created, verified) }
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
        metrics?.record(event.event, success: event.success)
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

// MARK: - Administration

extension AuthStore {
    /// A user as an administrator sees them.
    public struct UserSummary: Sendable, Encodable {
        public let id: LowercaseID
        public let email: String
        public let roles: [String]
        public let emailVerified: Bool
        public let createdAt: Date
        enum CodingKeys: String, CodingKey { case id, email, roles, emailVerified = "email_verified", createdAt = "created_at" }
    }

    /// One page of users, oldest first, optionally those whose email contains `emailContains`.
    public func users(offset: Int, limit: Int, emailContains: String?) async throws -> (items: [UserSummary], total: Int) {
        let pattern = emailContains.map { "%" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%" } ?? "%"
        let rows = try await postgres.query(
            """
            SELECT id, email, roles, email_verified_at IS NOT NULL, created_at, count(*) OVER ()
            FROM users WHERE email LIKE \(pattern) ORDER BY created_at, id OFFSET \(offset) LIMIT \(limit)
            """, logger: logger)
        var items: [UserSummary] = []
        var total = 0
        for try await (id, email, roles, verified, created, count) in rows.decode((UUID, String, [String], Bool, Date, Int).self) {
            items.append(UserSummary(id: LowercaseID(id), email: email, roles: roles, emailVerified: verified, createdAt: created))
            total = count
        }
        if items.isEmpty && offset > 0 {
            let counted = try await postgres.query("SELECT count(*) FROM users WHERE email LIKE \(pattern)", logger: logger)
            for try await count in counted.decode(Int.self) { total = count }
        }
        return (items, total)
    }

    /// Replaces `user`'s roles; returns the roles it had, `nil` when there is no such user.
    public func setRoles(_ roles: [String], user: UUID) async throws -> [String]? {
        let rows = try await postgres.query(
            """
            UPDATE users u SET roles = \(roles) FROM (SELECT id, roles FROM users WHERE id = \(user) FOR UPDATE) old
            WHERE u.id = old.id RETURNING old.roles
            """, logger: logger)
        for try await old in rows.decode([String].self) { return old }
        return nil
    }

    /// An audit entry as the admin endpoint shows it.
    public struct AuditEntry: Sendable, Encodable {
        public let id: Int64
        public let at: Date
        public let event: String
        public let outcome: String
        public let actorID: LowercaseID?
        public let targetID: LowercaseID?
        public let ip: String?
        public let userAgent: String?
        public let requestID: String?
        public let detail: JSONValue
        enum CodingKeys: String, CodingKey {
            case id, at, event, outcome, actorID = "actor_id", targetID = "target_id", ip, userAgent = "user_agent", requestID = "request_id", detail
        }
    }

    /// The newest audit entries older than `before` (an id; keyset paging), optionally of one event
    /// kind or about one user.
    public func auditLog(before: Int64?, limit: Int, event: String?, target: UUID?) async throws -> [AuditEntry] {
        let rows = try await postgres.query(
            """
            SELECT id, at, event, outcome, actor_id, target_id, ip, user_agent, request_id, detail::text FROM audit_log
            WHERE (\(before)::bigint IS NULL OR id < \(before)) AND (\(event)::text IS NULL OR event = \(event))
              AND (\(target)::uuid IS NULL OR target_id = \(target))
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await row in rows.decode((Int64, Date, String, String, UUID?, UUID?, String?, String?, String?, String).self) {
            entries.append(AuditEntry(
                id: row.0, at: row.1, event: row.2, outcome: row.3, actorID: row.4.map(LowercaseID.init), targetID: row.5.map(LowercaseID.init), ip: row.6, userAgent: row.7,
                requestID: row.8, detail: (try? JSONDecoder().decode(JSONValue.self, from: Data(row.9.utf8))) ?? .object([:])))
        }
        return entries
    }
}

/// A UUID that encodes as lowercase text, as every id in the API does.
public struct LowercaseID: Sendable, Encodable, Equatable {
    public let value: UUID
    public init(_ value: UUID) { self.value = value }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.uuidString.lowercased())
    }
}

// MARK: - Profile

extension AuthStore {
    /// Sets a new email (unverified again) and/or password hash; `false` when the email is taken.
    public func updateAccount(_ user: UUID, email: String?, passwordHash: String?) async throws -> Bool {
        do {
            try await postgres.query(
                """
                UPDATE users SET
                    email_verified_at = CASE WHEN \(email)::text IS NULL OR \(email) = email THEN email_verified_at END,
                    email = COALESCE(\(email), email), password_hash = COALESCE(\(passwordHash), password_hash)
                WHERE id = \(user)
                """, logger: logger)
            return true
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return false
        }
    }

    /// Deletes the account; the schema's cascades take every row it owns.
    public func deleteAccount(_ user: UUID) async throws {
        try await postgres.query("DELETE FROM users WHERE id = \(user)", logger: logger)
    }
}

// MARK: - Email verification

extension AuthStore {
    /// Marks the address verified, if it is still the account's address.
    public func markVerified(_ user: UUID, email: String) async throws -> Bool {
        let rows = try await postgres.query(
            "UPDATE users SET email_verified_at = now() WHERE id = \(user) AND email = \(email) RETURNING id", logger: logger)
        for try await _ in rows.decode(UUID.self) { return true }
        return false
    }
}

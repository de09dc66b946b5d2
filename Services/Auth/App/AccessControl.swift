import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import ServiceKit

/// Roles → permissions, read from the database (`role_permissions`) and kept for a short while, so a
/// change made there reaches every check within ``maximumAge``.
public actor RolePermissions {
    let postgres: PostgresClient
    let logger: Logger
    let maximumAge: Duration
    private var table: [String: Set<String>] = [:]
    private var loadedAt: ContinuousClock.Instant?

    public init(postgres: PostgresClient, logger: Logger, maximumAge: Duration = .seconds(30)) {
        self.postgres = postgres
        self.logger = logger
        self.maximumAge = maximumAge
    }

    /// The whole map, role by role.
    public func map() async throws -> [String: Set<String>] {
        if let loadedAt, ContinuousClock.now - loadedAt < maximumAge { return table }
        var fresh: [String: Set<String>] = [:]
        let rows = try await postgres.query("SELECT role, permission FROM role_permissions", logger: logger)
        for try await (role, permission) in rows.decode((String, String).self) { fresh[role, default: []].insert(permission) }
        table = fresh
        loadedAt = .now
        return fresh
    }

    /// Every permission any of `roles` holds.
    public func permissions(of roles: [String]) async throws -> Set<String> {
        let map = try await map()
        return roles.reduce(into: Set<String>()) { $0.formUnion(map[$1] ?? []) }
    }

    /// Every permission that exists.
    public func all() async throws -> Set<String> {
        try await map().values.reduce(into: Set<String>()) { $0.formUnion($1) }
    }
}

/// Personal API tokens: `mpt_` + 256 random bits, shown once, stored as SHA-256 hashes, each scoped
/// to a subset of its owner's permissions.
public struct APITokenStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    /// The prefix that tells an API token from a JWT.
    public static let prefix = "mpt_"

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// A token as its owner sees it (never the secret).
    public struct Token: Sendable, Encodable {
        public let id: LowercaseID
        public let name: String
        public let scopes: [String]
        public let createdAt: Date
        public let expiresAt: Date?
        public let lastUsedAt: Date?
        enum CodingKeys: String, CodingKey {
            case id, name, scopes, createdAt = "created_at", expiresAt = "expires_at", lastUsedAt = "last_used_at"
        }
    }

    /// Stores a new token for `owner`; returns its row and the secret (shown once).
    public func create(owner: UUID, name: String, scopes: [String], expiresAt: Date?) async throws -> (Token, String) {
        let secret = Self.prefix + OpaqueToken.generate()
        let rows = try await postgres.query(
            """
            INSERT INTO api_tokens (owner_id, name, token_hash, scopes, expires_at)
            VALUES (\(owner), \(name), \(OpaqueToken.hash(secret)), \(scopes), \(expiresAt))
            RETURNING id, created_at
            """, logger: logger)
        for try await (id, created) in rows.decode((UUID, Date).self) {
            return (Token(id: LowercaseID(id), name: name, scopes: scopes, createdAt: created, expiresAt: expiresAt, lastUsedAt: nil), secret)
        }
        throw AppError(.internalServerError, code: "internal_error", message: "the token was not stored")
    }

    /// `owner`'s live tokens, newest first.
    public func list(owner: UUID) async throws -> [Token] {
        let rows = try await postgres.query(
            """
            SELECT id, name, scopes, created_at, expires_at, last_used_at FROM api_tokens
            WHERE owner_id = \(owner) AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 200
            """, logger: logger)
        var tokens: [Token] = []
        for try await (id, name, scopes, created, expires, used) in rows.decode((UUID, String, [String], Date, Date?, Date?).self) {
            tokens.append(Token(id: LowercaseID(id), name: name, scopes: scopes, createdAt: created, expiresAt: expires, lastUsedAt: used))
        }
        return tokens
    }

    /// Revokes `owner`'s token `id`; `false` when `owner` has no such live token (another user's
    /// token is, to them, no token at all).
    public func revoke(id: UUID, owner: UUID) async throws -> Bool {
        let rows = try await postgres.query(
            "UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND owner_id = \(owner) AND revoked_at IS NULL RETURNING id",
            logger: logger)
        for try await _ in rows.decode(UUID.self) { return true }
        return false
    }

    /// The owner, their roles and the token's scopes, for a live token; records its use.
    public func resolve(secret: String) async throws -> (owner: UUID, roles: [String], scopes: [String])? {
        guard secret.hasPrefix(Self.prefix), secret.utf8.count <= 128 else { return nil }
        let rows = try await postgres.query(
            """
            UPDATE api_tokens t SET last_used_at = now() FROM users u
            WHERE t.token_hash = \(OpaqueToken.hash(secret)) AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.id = t.owner_id
            RETURNING t.owner_id, u.roles, t.scopes
            """, logger: logger)
        for try await (owner, roles, scopes) in rows.decode((UUID, [String], [String]).self) { return (owner, roles, scopes) }
        return nil
    }
}

import Contracts
import Crypto
import Foundation
import InternalHTTP
import Logging

/// What the gateway knows of permissions: the role → permission map (fetched from auth's internal
/// route with a service token, refreshed after ``maximumAge``; a failed refresh keeps the last map)
/// and personal API tokens (introspected at auth, each answer kept ``introspectionLifetime``, which
/// bounds how long a revoked token keeps working at the gateway).
public actor AccessPolicy {
    let client: InternalHTTPClient
    let credentials: ServiceCredentials
    let authURL: String
    let logger: Logger
    let maximumAge: Duration
    let introspectionLifetime: Duration
    private var map: [String: Set<String>]?
    private var loadedAt: ContinuousClock.Instant?
    private var lastAttempt: ContinuousClock.Instant?
    private var introspected: [Data: (answer: TokenGrant?, until: ContinuousClock.Instant)] = [:]

    public init(client: InternalHTTPClient, credentials: ServiceCredentials, authURL: String, logger: Logger,
                maximumAge: Duration = .seconds(60), introspectionLifetime: Duration = .seconds(10)) {
        self.client = client
        self.credentials = credentials
        self.authURL = authURL
        self.logger = logger
        self.maximumAge = maximumAge
        self.introspectionLifetime = introspectionLifetime
    }

    /// Why a permission question could not be answered.
    public struct Unavailable: Error {}

    /// What a live API token grants.
    public struct TokenGrant: Sendable, Equatable {
        public let user: UUID
        public let roles: [String]
        public let permissions: Set<String>
    }

    /// Every permission `roles` hold.
    /// - Throws: ``Unavailable`` when the map was never loaded and auth cannot be asked.
    public func permissions(of roles: [String], requestID: String?) async throws -> Set<String> {
        let now = ContinuousClock.now
        let stale = loadedAt.map { now - $0 >= maximumAge } ?? true
        if stale, lastAttempt.map({ now - $0 >= .seconds(2) }) ?? true {
            lastAttempt = now
            do {
                try await load(requestID: requestID)
            } catch {
                logger.warning("permission map not refreshed", metadata: ["error": .string("\(error)".prefix(200).description)])
            }
        }
        guard let map else { throw Unavailable() }
        return roles.reduce(into: Set<String>()) { $0.formUnion(map[$1] ?? []) }
    }

    /// Fetches the map now.
    public func load(requestID: String? = nil) async throws {
        let token = try await credentials.token(for: "auth", requestID: requestID)
        let exchange = try await client.send(
            "GET", authURL + "/internal/v1/permissions", headers: [("Authorization", "Bearer " + token)] + Self.requestID(requestID),
            body: nil, timeout: .seconds(3), maxBody: 64 << 10)
        if exchange.status == 401 { await credentials.invalidate("auth") }
        guard exchange.status == 200 else { throw ServiceCredentials.Failure(description: "permission map: status \(exchange.status)") }
        let decoded = try JSONDecoder().decode(PermissionMap.self, from: Data(exchange.body))
        map = decoded.roles.mapValues(Set.init)
        loadedAt = .now
    }

    /// What a personal API token grants, `nil` when it is not live.
    public func introspect(_ token: String, requestID: String?) async throws -> TokenGrant? {
        let now = ContinuousClock.now
        let key = Data(SHA256.hash(data: Data(token.utf8)))
        if let entry = introspected[key], now < entry.until { return entry.answer }
        let service = try await credentials.token(for: "auth", requestID: requestID)
        let body = try JSONEncoder().encode(TokenIntrospectionRequest(token: token))
        let exchange = try await client.send(
            "POST", authURL + "/internal/v1/api-tokens/introspect",
            headers: [("Authorization", "Bearer " + service), ("Content-Type", "application/json")] + Self.requestID(requestID),
            body: Array(body), timeout: .seconds(3), maxBody: 16 << 10)
        if exchange.status == 401 { await credentials.invalidate("auth") }
        guard exchange.status == 200 else { throw Unavailable() }
        let answer = try JSONDecoder().decode(TokenIntrospection.self, from: Data(exchange.body))
        var grant: TokenGrant?
        if answer.active, let id = answer.userID.flatMap(UUID.init(uuidString:)) {
            grant = TokenGrant(user: id, roles: answer.roles ?? [], permissions: Set(answer.permissions ?? []))
        }
        if introspected.count > 10_000 { introspected = introspected.filter { now < $0.value.until } }
        introspected[key] = (grant, now + introspectionLifetime)
        return grant
    }

    static func requestID(_ id: String?) -> [(name: String, value: String)] {
        id.map { [("X-Request-ID", $0)] } ?? []
    }
}

import Foundation
import InternalHTTP
import JWTKit
import JWTVerification
import Logging
import Metrics
import RedisKit

/// Verifies access tokens (at the gateway, and in realtime for a socket's first message) without calling auth: Ed25519 signatures against the
/// cached JWKS (fetched at start, refetched when a token names an unknown `kid`, at most once per
/// ``minimumRefetchInterval``), then the session in Redis, so a logout takes effect at once. With a
/// ``SessionView`` (the gateway's), a session already seen is answered from the replica's own
/// pub/sub-invalidated view instead of a Redis round trip.
///
/// When Redis cannot be reached the session check is skipped: the token is accepted on its
/// signature (revocation then lags by at most the token's lifetime), and each such acceptance
/// is counted (`skippedMetric`) and logged.
public actor TokenAuthenticator {
    let verifier: AccessTokenVerifier
    let client: InternalHTTPClient
    let jwksURL: String
    let redis: RedisClient
    /// The replica's view of live sessions, when it keeps one.
    public nonisolated let sessionView: SessionView?
    let logger: Logger
    let minimumRefetchInterval: Duration
    private var lastSuccess: ContinuousClock.Instant?
    private var lastAttempt: ContinuousClock.Instant?
    private let skipped: Counter

    /// Who a verified token speaks for.
    public struct Identity: Sendable, Equatable {
        public let user: UUID
        public let session: UUID
        public let roles: [String]
        public let expiresAt: Date
    }

    /// - Parameter skippedMetric: the counter of tokens accepted without the session check
    ///   (`gateway_session_check_skipped_total` at the gateway).
    /// - Parameter sessionView: the replica's view of live sessions (run it as a service), or `nil`
    ///   to ask Redis on every check.
    public init(issuer: String, audience: String, jwksURL: String, client: InternalHTTPClient, redis: RedisClient, sessionView: SessionView? = nil,
                logger: Logger, minimumRefetchInterval: Duration = .seconds(5), skippedMetric: String = "gateway_session_check_skipped_total") {
        skipped = Counter(label: skippedMetric)
        verifier = AccessTokenVerifier(issuer: issuer, audience: audience)
        self.client = client
        self.jwksURL = jwksURL
        self.redis = redis
        self.sessionView = sessionView
        self.logger = logger
        self.minimumRefetchInterval = minimumRefetchInterval
    }

    /// Fetches the JWKS unless it was fetched within the minimum interval, or a fetch failed within
    /// the last second (`force` ignores both).
    public func refreshKeys(requestID: String? = nil, force: Bool = false) async throws {
        let now = ContinuousClock.now
        if !force, let lastSuccess, now - lastSuccess < minimumRefetchInterval { return }
        if !force, let lastAttempt, now - lastAttempt < .seconds(1) { return }
        lastAttempt = now
        let response = try await client.get(jwksURL, timeout: .seconds(2), requestID: requestID, retries: 1, maxBody: 64 << 10)
        guard response.status == 200 else { throw TokenError("jwks_unavailable", "the key set could not be fetched (status \(response.status))") }
        let ids = try await verifier.replaceKeys(jwksJSON: String(decoding: response.body, as: UTF8.self))
        lastSuccess = now
        logger.info("jwks loaded", metadata: ["kids": .string(ids.sorted().joined(separator: ","))])
    }

    /// The identity behind a bearer token.
    /// - Throws: ``TokenError`` with the refusal's code.
    public func authenticate(_ token: String, requestID: String?) async throws(TokenError) -> Identity {
        var claims: AccessTokenClaims
        do {
            claims = try await verifier.verify(token)
        } catch where error.code == "unknown_key" {
            do { try await refreshKeys(requestID: requestID) } catch { throw TokenError("jwks_unavailable", "the key set could not be fetched") }
            claims = try await verifier.verify(token)
        }
        guard let user = UUID(uuidString: claims.subject.value), let session = UUID(uuidString: claims.sessionID) else {
            throw TokenError("malformed_claims", "the token's subject or session is not an id")
        }
        do {
            guard try await owner(of: session) == user else { throw TokenError("session_ended", "the session has ended; sign in again") }
        } catch let error as TokenError {
            throw error
        } catch {
            skipped.increment()
            logger.warning("session check skipped: Redis unreachable", metadata: ["request_id": .string(requestID ?? "-")])
        }
        return Identity(user: user, session: session, roles: claims.roles, expiresAt: claims.expiration.value)
    }

    /// The user a live session belongs to (`nil` when it ended): from the session view when it
    /// knows, else from Redis (and then remembered by the view with the key's remaining lifetime).
    nonisolated func owner(of session: UUID) async throws -> UUID? {
        let key = RESPArgument("session:\(session.uuidString.lowercased())")
        guard let sessionView else { return try await redis.send(["GET", key]).string.flatMap(UUID.init(uuidString:)) }
        switch sessionView.lookup(session) {
        case .live(let owner):
            return owner
        case .unknown(let epoch):
            // An error reply is thrown: Redis unable to answer, never a session that ended.
            let replies = try await redis.pipeline([["GET", key], ["PTTL", key]])
            guard let owner = replies.first?.string.flatMap(UUID.init(uuidString:)) else { return nil }
            if let epoch, replies.count == 2, case .integer(let milliseconds) = replies[1], milliseconds != -2 {
                sessionView.remember(session, owner: owner, remaining: milliseconds < 0 ? nil : .milliseconds(milliseconds), epoch: epoch)
            }
            return owner
        }
    }
}

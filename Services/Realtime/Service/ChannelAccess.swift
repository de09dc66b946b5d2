import Contracts
import Foundation
import InternalHTTP
import Logging
import Synchronization

/// Who may subscribe to what: `user:{id}` only that user; `conversion:{id}` and `doc:{id}` the
/// conversion's owner and admins — asked of the conversion service through the internal listener
/// (the same read it answers the gateway, with the user named), the answer cached briefly per user
/// and channel.
final class ChannelAccess: Sendable {
    enum Answer: Sendable { case allowed, refused }

    let client: InternalHTTPClient
    let credentials: ServiceCredentials
    let conversionURL: String
    let cacheFor: Duration
    let logger: Logger
    private let cache = Mutex([String: (Answer, ContinuousClock.Instant)]())

    init(client: InternalHTTPClient, credentials: ServiceCredentials, conversionURL: String, cacheFor: Duration, logger: Logger) {
        self.client = client
        self.credentials = credentials
        self.conversionURL = conversionURL
        self.cacheFor = cacheFor
        self.logger = logger
    }

    /// Checks `connection` may read `channel`. - Throws: ``ProtocolError`` `forbidden` (refused),
    /// `unavailable` (the conversion service could not answer).
    func authorize(_ connection: Connection, _ channel: ChannelName) async throws(ProtocolError) {
        switch channel {
        case .user(let id):
            guard id == connection.user else { throw Self.forbidden(channel) }
        case .conversion(let id), .doc(let id):
            guard try await conversionReadable(id, by: connection) == .allowed else { throw Self.forbidden(channel) }
        case .sessionsEnded, .accessRevoked, .userDeleted:
            // The platform's own control channels are never a client's.
            throw Self.forbidden(channel)
        }
    }

    /// Forgets cached answers about a conversion (for one user, or everyone).
    func forget(_ conversion: UUID, user: UUID?) {
        let suffix = "|\(conversion.uuidString)|"
        cache.withLock { cache in
            cache = cache.filter { key, _ in !(key.contains(suffix) && (user.map { key.hasPrefix($0.uuidString + "|") } ?? true)) }
        }
    }

    static func forbidden(_ channel: ChannelName) -> ProtocolError {
        ProtocolError("forbidden", "you may not subscribe to \(channel)")
    }

    private func conversionReadable(_ conversion: UUID, by connection: Connection) async throws(ProtocolError) -> Answer {
        let key = "\(connection.user.uuidString)|\(conversion.uuidString)|\(connection.isAdmin)"
        let now = ContinuousClock.now
        if let (answer, until) = cache.withLock({ $0[key] }), now < until { return answer }
        let answer: Answer
        do {
            let token = try await credentials.token(for: "conversion")
            var permissions = ["conversions:read"]
            if connection.isAdmin { permissions.append("conversions:read:any") }
            let exchange = try await client.send(
                "GET", "\(conversionURL)/internal/v1/conversions/\(conversion.uuidString.lowercased())",
                headers: [
                    ("Authorization", "Bearer " + token), ("X-User-ID", connection.user.uuidString.lowercased()),
                    ("X-User-Permissions", permissions.joined(separator: ",")), ("X-User-Roles", connection.roles.joined(separator: ",")),
                ],
                body: nil, timeout: .seconds(3), maxBody: 64 << 10)
            switch exchange.status {
            case 200: answer = .allowed
            case 404: answer = .refused
            case 401: 
                await credentials.invalidate("conversion")
                throw ProtocolError("unavailable", "the conversion service refused realtime's credentials; retry")
            default: throw ProtocolError("unavailable", "the conversion service answered \(exchange.status); retry")
            }
        } catch let error as ProtocolError {
            throw error
        } catch {
            logger.warning("channel authorization failed", metadata: ["error": "\(error)"])
            throw ProtocolError("unavailable", "channel authorization is unavailable right now; retry")
        }
        cache.withLock { cache in
            if cache.count > 50_000 { cache.removeAll() }
            cache[key] = (answer, now + cacheFor)
        }
        return answer
    }
}

import Foundation
import Logging
import RedisKit

/// Counts a user's open sockets across every realtime replica: `ws-sockets:{user}` is a sorted
/// set of connection ids scored by when their registration lapses. Each replica refreshes its
/// own sockets well within ``lease``, so a replica that dies stops counting within it.
///
/// When Redis cannot be reached the socket is allowed (and logged): a limit must not take the
/// service down with the store.
struct SocketRegistry: Sendable {
    let redis: RedisClient
    let logger: Logger
    /// How long a registration lasts without a refresh.
    static let lease = 90

    static let admit = RedisScript(name: "ws-admit", source: """
        local now = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        return 1
        """)

    static func key(_ user: UUID) -> String { "ws-sockets:\(user.uuidString.lowercased())" }

    static func nowSeconds() -> Int { Int(Date().timeIntervalSince1970) }

    /// Registers a socket unless the user has `limit` open already. - Returns: whether it may open.
    func admit(_ connection: Connection, limit: Int) async -> Bool {
        do {
            let reply = try await redis.evaluate(
                Self.admit, keys: [Self.key(connection.user)],
                arguments: [RESPArgument(Self.nowSeconds()), RESPArgument(limit), RESPArgument(Self.lease), RESPArgument(connection.id)])
            return reply.integer == 1
        } catch {
            logger.warning("socket limit not checked: Redis unreachable", metadata: ["error": "\(error)"])
            return true
        }
    }

    /// Extends the registrations of these sockets.
    func refresh(_ connections: [Connection]) async {
        guard !connections.isEmpty else { return }
        let until = RESPArgument(Self.nowSeconds() + Self.lease)
        let commands: [[RESPArgument]] = connections.flatMap { connection -> [[RESPArgument]] in
            let key = RESPArgument(Self.key(connection.user))
            return [["ZADD", key, "XX", until, RESPArgument(connection.id)], ["EXPIRE", key, RESPArgument(Self.lease)]]
        }
        do { _ = try await redis.pipeline(commands) } catch {
            logger.warning("socket registrations not refreshed", metadata: ["error": "\(error)"])
        }
    }

    /// Forgets a closed socket.
    func release(_ connection: Connection) async {
        _ = try? await redis.send(["ZREM", RESPArgument(Self.key(connection.user)), RESPArgument(connection.id)])
    }
}

import Contracts
import Foundation
import RedisKit

/// Sessions in Redis: `session:{sid}` holds the user id with the refresh lifetime as TTL, and
/// `user-sessions:{uid}` indexes a user's sessions, so logout (one) and logout-all (every one)
/// take effect at once: verifiers refuse an access token whose session is gone, and each ended
/// session is published as a ``SessionEnded`` on `sessions:ended` so realtime closes its sockets
/// within a second.
public struct SessionStore: Sendable {
    let redis: RedisClient
    let lifetime: Duration

    public init(redis: RedisClient, lifetime: Duration) {
        self.redis = redis
        self.lifetime = lifetime
    }

    static func key(_ session: UUID) -> String { "session:\(session.uuidString.lowercased())" }
    static func index(_ user: UUID) -> String { "user-sessions:\(user.uuidString.lowercased())" }

    /// The `PUBLISH` that tells realtime a session ended.
    static func announceEnded(_ session: UUID) -> [RESPArgument] {
        let message = SessionEnded(sessionID: session)
        return ["PUBLISH", RESPArgument(message.channel.description), RESPArgument(message.wireText)]
    }

    public func create(session: UUID, user: UUID) async throws {
        let seconds = RESPArgument(lifetime.components.seconds)
        _ = try await redis.pipeline([
            ["SET", RESPArgument(Self.key(session)), RESPArgument(user.uuidString.lowercased()), "EX", seconds],
            ["SADD", RESPArgument(Self.index(user)), RESPArgument(session.uuidString.lowercased())],
            ["EXPIRE", RESPArgument(Self.index(user)), seconds],
        ])
    }

    /// The user of a live session, or `nil`.
    public func user(of session: UUID) async throws -> UUID? {
        try await redis.send(["GET", RESPArgument(Self.key(session))]).string.flatMap(UUID.init(uuidString:))
    }

    public func end(session: UUID, user: UUID) async throws {
        _ = try await redis.pipeline([
            ["DEL", RESPArgument(Self.key(session))],
            ["SREM", RESPArgument(Self.index(user)), RESPArgument(session.uuidString.lowercased())],
            Self.announceEnded(session),
        ])
    }

    /// Ends every session of `user` but `kept`; returns the ended ones.
    public func endAll(user: UUID, keeping kept: UUID? = nil) async throws -> [UUID] {
        let members = try await redis.send(["SMEMBERS", RESPArgument(Self.index(user))]).array?
            .compactMap { $0.string.flatMap(UUID.init(uuidString:)) }.filter { $0 != kept } ?? []
        var commands: [[RESPArgument]] = members.map { ["DEL", RESPArgument(Self.key($0))] }
        if kept == nil {
            commands.append(["DEL", RESPArgument(Self.index(user))])
        } else if !members.isEmpty {
            commands.append(["SREM", RESPArgument(Self.index(user))] + members.map { RESPArgument($0.uuidString.lowercased()) })
        }
        commands += members.map(Self.announceEnded)
        guard !commands.isEmpty else { return [] }
        _ = try await redis.pipeline(commands)
        return members
    }
}

/// Failed sign-ins counted per account and per client address in Redis: after a few, each further
/// attempt waits exponentially longer (a temporary lock). Unknown emails count exactly like known
/// ones, so the lock reveals nothing about which accounts exist.
public struct LoginThrottle: Sendable {
    let redis: RedisClient
    /// Failures allowed before the lock starts.
    public var freeAttempts: Int = 5
    public var ipFreeAttempts: Int = 50
    public var window: Int = 900
    public var maximumLock: Int = 900

    public init(redis: RedisClient) {
        self.redis = redis
    }

    static func accountKey(_ email: String) -> String { "login-failures:account:" + OpaqueToken.base64url(OpaqueToken.hash(email)) }
    static func addressKey(_ address: String) -> String { "login-failures:ip:\(address)" }

    /// Seconds until another attempt is allowed, or `nil` when it is allowed now.
    public func retryAfter(email: String, address: String) async throws -> Int? {
        for key in [Self.accountKey(email) + ":locked", Self.addressKey(address) + ":locked"] {
            let ttl = try await redis.send(["PTTL", RESPArgument(key)]).integer ?? -2
            if ttl > 0 { return Int((ttl + 999) / 1000) }
        }
        return nil
    }

    /// Records a failure; returns the lock it starts (seconds), if any.
    public func fail(email: String, address: String) async throws -> Int? {
        var lock: Int?
        for (key, free) in [(Self.accountKey(email), freeAttempts), (Self.addressKey(address), ipFreeAttempts)] {
            let replies = try await redis.pipeline([["INCR", RESPArgument(key)], ["EXPIRE", RESPArgument(key), RESPArgument(window)]])
            let count = Int(replies.first?.integer ?? 0)
            guard count >= free else { continue }
            let seconds = min(maximumLock, 1 << min(count - free, 20))
            _ = try await redis.send(["SET", RESPArgument(key + ":locked"), "1", "EX", RESPArgument(seconds)])
            lock = max(lock ?? 0, seconds)
        }
        return lock
    }

    public func succeed(email: String) async throws {
        _ = try await redis.send(["DEL", RESPArgument(Self.accountKey(email))])
    }
}

/// Sign-in challenges between the password step and the second factor: an opaque token (stored
/// hashed) naming the user for five minutes, good for at most five code attempts.
public struct MFAChallenges: Sendable {
    let redis: RedisClient
    public var lifetimeSeconds = 300
    public var maximumAttempts = 5

    public init(redis: RedisClient) {
        self.redis = redis
    }

    static func key(_ token: String) -> String { "mfa-challenge:" + OpaqueToken.base64url(OpaqueToken.hash(token)) }

    public func create(user: UUID) async throws -> String {
        let token = OpaqueToken.generate()
        _ = try await redis.send(["SET", RESPArgument(Self.key(token)), RESPArgument(user.uuidString.lowercased()), "EX", RESPArgument(lifetimeSeconds)])
        return token
    }

    /// The user of a live challenge, counting this attempt; `nil` when unknown, expired or out of attempts.
    public func attempt(_ token: String) async throws -> UUID? {
        guard token.count <= 128 else { return nil }
        let key = Self.key(token)
        let replies = try await redis.pipeline([["GET", RESPArgument(key)], ["INCR", RESPArgument(key + ":attempts")], ["EXPIRE", RESPArgument(key + ":attempts"), RESPArgument(lifetimeSeconds)]])
        guard let user = replies[0].string.flatMap(UUID.init(uuidString:)) else { return nil }
        guard Int(replies[1].integer ?? 0) <= maximumAttempts else {
            try await finish(token)
            return nil
        }
        return user
    }

    public func finish(_ token: String) async throws {
        let key = Self.key(token)
        _ = try await redis.send(["DEL", RESPArgument(key), RESPArgument(key + ":attempts")])
    }
}

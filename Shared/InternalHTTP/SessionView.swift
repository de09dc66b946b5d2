import Contracts
import Foundation
import Logging
import Metrics
import RedisKit
import ServiceLifecycle
import Synchronization

/// A replica's local view of which sessions are live, so that an authenticated request needs no
/// Redis round trip for its session once the session has been seen.
///
/// A session read from Redis is remembered with its owner until the earlier of ``maximumAge``
/// and the session key's own expiry (its `PTTL`, read in the same round trip). Auth announces every
/// session it ends on `sessions:ended` (``SessionEnded``); the view subscribes there (run it as a
/// `Service`) and forgets an ended session as soon as the message arrives.
///
/// The view answers only while that subscription holds: when the pub/sub connection is down it
/// remembers nothing and every check goes to Redis, and after a reconnect it starts empty (messages
/// published during the gap are lost by Redis). A read that was in flight when any session ended is
/// not remembered, so an end that overtakes a read cannot be undone by it. The replica that carries
/// a logout forgets the session itself before answering; the others within the pub/sub delivery
/// time (about a millisecond on one host). What is left: an end
/// published in the instant between a reconnect and Redis taking the new `SUBSCRIBE` can be missed;
/// ``maximumAge`` bounds how long such a session would still be accepted.
public final class SessionView: Service, Sendable {
    struct Entry {
        let owner: UUID
        let until: ContinuousClock.Instant
    }

    struct State {
        var entries: [UUID: Entry] = [:]
        /// Rises with every ended session and every reconnect; a read started at an older epoch is
        /// not remembered.
        var epoch: UInt64 = 0
        /// The subscriber connection the entries were read under.
        var connection = 0
    }

    /// The longest a session is remembered (default 30 s).
    public let maximumAge: Duration
    /// The most sessions remembered; past it, expired ones are dropped, then all.
    public let capacity: Int
    let subscriber: RedisSubscriber
    let logger: Logger
    private let state = Mutex(State())
    private let hits = Counter(label: "gateway_session_view_hits_total")
    private let misses = Counter(label: "gateway_session_view_misses_total")

    public init(redis: RedisConfiguration, logger: Logger, maximumAge: Duration = .seconds(30), capacity: Int = 100_000) {
        subscriber = RedisSubscriber(configuration: redis, logger: logger)
        self.logger = logger
        self.maximumAge = maximumAge
        self.capacity = capacity
    }

    /// What the view knows of `session` right now.
    public enum Lookup: Equatable, Sendable {
        /// Live, owned by this user.
        case live(UUID)
        /// Not known here: ask Redis, and pass `epoch` to ``remember(_:owner:remaining:epoch:)``.
        /// `epoch` is `nil` when the view is not trusted (the subscription is down).
        case unknown(epoch: UInt64?)
    }

    /// The view's answer for `session`.
    public func lookup(_ session: UUID) -> Lookup {
        let connected = subscriber.isConnected
        let connection = subscriber.connectionCount
        let now = ContinuousClock.now
        let answer: Lookup = state.withLock { state in
            guard connected, connection > 0 else {
                state.entries.removeAll()
                return .unknown(epoch: nil)
            }
            if state.connection != connection {
                // A new pub/sub connection: what was ended during the gap was never heard.
                state.entries.removeAll()
                state.connection = connection
                state.epoch &+= 1
            }
            if let entry = state.entries[session] {
                if now < entry.until { return .live(entry.owner) }
                state.entries[session] = nil
            }
            return .unknown(epoch: state.epoch)
        }
        if case .live = answer { hits.increment() } else { misses.increment() }
        return answer
    }

    /// Remembers a session read from Redis as live for `owner`, with `remaining` before its key
    /// expires (`nil`: no expiry), unless a session ended since the read began at `epoch`.
    public func remember(_ session: UUID, owner: UUID, remaining: Duration?, epoch: UInt64) {
        let now = ContinuousClock.now
        let lifetime = min(maximumAge, remaining ?? maximumAge)
        guard lifetime > .zero else { return }
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { now < $0.value.until }
                if state.entries.count >= capacity { state.entries.removeAll() }
            }
            state.entries[session] = Entry(owner: owner, until: now + lifetime)
        }
    }

    /// Forgets `session` (it ended).
    public func ended(_ session: UUID) {
        state.withLock { state in
            state.entries[session] = nil
            state.epoch &+= 1
        }
    }

    /// Forgets every session of `user` (they signed out everywhere).
    public func ended(user: UUID) {
        state.withLock { state in
            state.entries = state.entries.filter { $0.value.owner != user }
            state.epoch &+= 1
        }
    }

    /// Subscribes to `sessions:ended` and forgets each session announced there, until shutdown.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.subscriber.run() }
            group.addTask {
                // Remembered even while Redis is down: the subscriber subscribes once it connects.
                try? await self.subscriber.subscribe([ChannelName.sessionsEnded])
            }
            for await message in subscriber.messages where message.channelName == .sessionsEnded {
                do {
                    ended(try message.decode(SessionEnded.self).sessionID)
                } catch {
                    // An end that cannot be read: forget everything rather than keep a session alive.
                    state.withLock { state in
                        state.entries.removeAll()
                        state.epoch &+= 1
                    }
                    logger.warning("unreadable sessions:ended message: the session view starts over", metadata: ["error": .string("\(error)")])
                }
            }
        }
    }
}

import Contracts
import Foundation
import Metrics
import NIOCore
import NIOWebSocket
import Synchronization

/// One authenticated socket: who it is, what it subscribed to, and its bounded outbound queue.
///
/// Everything sent to the client goes through ``send(_:)`` or ``deliver(channel:id:text:)`` into a
/// queue of at most `SocketLimits.outboundQueue` messages that one writer drains; a client that
/// lets it fill is closed with 1013 (slow consumer) instead of growing the server's memory. Each
/// subscription remembers the last event id delivered, so an event reaching it twice (live and
/// from a replay or gap fill) is sent once, and ids only rise.
final class Connection: Sendable {
    /// A close the writer performs once it reaches it.
    struct CloseRequest: Sendable {
        let code: WebSocketErrorCode
        let reason: String
        /// Whether messages still queued are dropped (a slow consumer) or written first.
        var discardQueued = false
    }

    private struct Subscription {
        var last = 0
        /// While the history replays, live events wait here (in order) and go out after it.
        var replaying = true
        var held: [(id: Int, text: String)] = []
    }

    private struct State {
        var subscriptions: [String: Subscription] = [:]
        var close: CloseRequest?
        var lastMessage = ContinuousClock.now
        var messages: TokenBucket
        var strikes = 0
        var cursors: TokenBucket
        var expiresAt: Date
    }

    let id: String
    let user: UUID
    let session: UUID
    let roles: [String]
    let limits: SocketLimits
    let channel: any Channel
    /// The queue the writer drains.
    let outgoing: AsyncStream<String>
    private let queue: AsyncStream<String>.Continuation
    private let state: Mutex<State>
    private let metrics: RealtimeMetrics

    init(user: UUID, session: UUID, roles: [String], expiresAt: Date, limits: SocketLimits, channel: any Channel, metrics: RealtimeMetrics) {
        id = UUID().uuidString.lowercased()
        self.user = user
        self.session = session
        self.roles = roles
        self.limits = limits
        self.channel = channel
        self.metrics = metrics
        (outgoing, queue) = AsyncStream.makeStream(bufferingPolicy: .bufferingOldest(limits.outboundQueue))
        state = Mutex(State(
            messages: TokenBucket(rate: limits.ratePerSecond, burst: limits.rateBurst),
            cursors: TokenBucket(rate: limits.cursorPerSecond, burst: limits.cursorPerSecond), expiresAt: expiresAt))
    }

    var isAdmin: Bool { roles.contains(Role.admin.rawValue) }

    /// The close asked for, if any (the writer stops at it).
    var closeRequest: CloseRequest? { state.withLock { $0.close } }

    // MARK: - Outbound

    /// Queues one message; a full queue closes the socket as a slow consumer.
    func send(_ text: String) {
        guard state.withLock({ $0.close == nil }) else { return }
        if case .dropped = queue.yield(text) { slowConsumer() }
    }

    /// Queues a published event for a subscribed channel unless this subscription has it already.
    func deliver(channel: String, id: Int, text: String) {
        let decision: Bool? = state.withLock { state in
            guard state.close == nil, var subscription = state.subscriptions[channel] else { return nil }
            defer { state.subscriptions[channel] = subscription }
            if subscription.replaying {
                guard subscription.held.count < limits.outboundQueue else { return false }
                subscription.held.append((id, text))
                return nil
            }
            guard id > subscription.last else { return nil }
            subscription.last = id
            if case .dropped = queue.yield(text) { return false }
            return true
        }
        if decision == false { slowConsumer() }
    }

    /// Starts a subscription whose history is about to replay (live events are held meanwhile).
    /// - Returns: `false` when the connection has no room for another subscription.
    func beginSubscription(_ channel: String) -> Bool {
        state.withLock { state in
            guard state.subscriptions[channel] == nil else {
                state.subscriptions[channel] = Subscription()
                return true
            }
            guard state.subscriptions.count < limits.maxSubscriptions else { return false }
            state.subscriptions[channel] = Subscription()
            return true
        }
    }

    /// Sends the replayed events after `since`, then the live ones held meanwhile, and switches
    /// the subscription to live delivery. - Returns: how many events went out.
    func finishSubscription(_ channel: String, since: Int, history: [(id: Int, text: String)]) -> Int {
        let result: Int? = state.withLock { state in
            guard state.close == nil, var subscription = state.subscriptions[channel] else { return 0 }
            subscription.last = since
            var sent = 0
            for (id, text) in history + subscription.held where id > subscription.last {
                subscription.last = id
                if case .dropped = queue.yield(text) { return nil }
                sent += 1
            }
            subscription.held = []
            subscription.replaying = false
            state.subscriptions[channel] = subscription
            return sent
        }
        guard let result else {
            slowConsumer()
            return 0
        }
        return result
    }

    /// Ends a subscription. - Returns: whether it existed.
    @discardableResult
    func endSubscription(_ channel: String) -> Bool {
        state.withLock { $0.subscriptions.removeValue(forKey: channel) != nil }
    }

    /// The channels subscribed to.
    var channels: [String] { state.withLock { Array($0.subscriptions.keys) } }

    func isSubscribed(_ channel: String) -> Bool { state.withLock { $0.subscriptions[channel] != nil } }

    // MARK: - Closing

    /// Asks the writer to close with `code` (the first request wins) after what is queued — or
    /// at once, dropping it, with `discardQueued`. If the close cannot be written within five
    /// seconds (a client that stopped reading), the TCP connection is closed.
    func close(_ code: WebSocketErrorCode, reason: String, discardQueued: Bool = false) {
        let first = state.withLock { state in
            guard state.close == nil else { return false }
            state.close = CloseRequest(code: code, reason: reason, discardQueued: discardQueued)
            return true
        }
        guard first else { return }
        queue.finish()
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
    }

    private func slowConsumer() {
        guard state.withLock({ $0.close == nil }) else { return }
        metrics.slowConsumerCloses.increment()
        close(.unknown(1013), reason: "slow consumer: too many messages waiting", discardQueued: true)
    }

    // MARK: - Inbound accounting

    /// Counts a message from the client against the rate limit. - Returns: whether it may be handled.
    func admit() -> Bool {
        state.withLock { state in
            state.lastMessage = .now
            return state.messages.take()
        }
    }

    /// Whether another cursor or presence update may be relayed now (excess ones are dropped).
    func admitCursor() -> Bool { state.withLock { $0.cursors.take() } }

    /// Records a refused message. - Returns: whether the connection has used up its strikes.
    func strike() -> Bool {
        state.withLock { state in
            state.strikes += 1
            return state.strikes >= limits.maxStrikes
        }
    }

    /// A fresh token for the same user extends the socket's life.
    func extend(until expiresAt: Date) { state.withLock { $0.expiresAt = max($0.expiresAt, expiresAt) } }

    /// Why the connection should close now (idle, token expired), if it should.
    func expiry(now: ContinuousClock.Instant, date: Date) -> CloseRequest? {
        state.withLock { state in
            if now - state.lastMessage > limits.idleTimeout { return CloseRequest(code: .normalClosure, reason: "idle timeout") }
            if date >= state.expiresAt { return CloseRequest(code: .policyViolation, reason: "token expired: authenticate again") }
            return nil
        }
    }
}

/// A token bucket: `rate` tokens a second, at most `burst` saved up.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var refilled = ContinuousClock.now

    init(rate: Int, burst: Int) {
        self.rate = Double(rate)
        self.burst = Double(burst)
        tokens = Double(burst)
    }

    /// Takes one token. - Returns: `false` when none is left.
    mutating func take(now: ContinuousClock.Instant = .now) -> Bool {
        let elapsed = now - refilled
        refilled = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * rate)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}

import Contracts

/// The three things the platform does with realtime channels, each behind a protocol with a Redis
/// implementation and an in-memory one (``InMemoryChannels``), so the path from a conversion's
/// events to a WebSocket can run without Redis in unit tests.

/// Numbered events with a capped history per channel (Redis: ``EventChannel``). Publishing stamps
/// the event's JSON object with `"id"` and `"published_ms"` (``Contracts/EventStamp``) and delivers
/// the stamped text to the channel's subscribers.
public protocol EventLog: Sendable {
    /// Events kept per channel.
    var historyLimit: Int { get }
    /// Publishes `json` (a JSON object) as the channel's next event. - Returns: its id.
    @discardableResult
    func publish(_ json: String, on channel: String) async throws -> Int
    /// Publishes `json` as event `id` unless the channel is already past it. - Returns: whether it went out.
    @discardableResult
    func publish(_ json: String, on channel: String, id: Int) async throws -> Bool
    /// The channel's stamped history, oldest first; `newest` keeps only the last events.
    func history(_ channel: String, newest: Int?) async throws -> [String]
}

extension EventLog {
    /// The channel's whole stamped history, oldest first.
    public func history(_ channel: String) async throws -> [String] {
        try await history(channel, newest: nil)
    }
}

/// Plain publishing, no history (Redis `PUBLISH`: realtime's relay frames between replicas).
public protocol ChannelPublisher: Sendable {
    /// Delivers `message` to the channel's subscribers. - Returns: how many received it.
    @discardableResult
    func publish(_ message: String, to channel: String) async throws -> Int
}

extension ChannelPublisher {
    /// Publishes a typed message on its own channel. - Returns: how many received it.
    @discardableResult
    public func publish(_ message: some ChannelMessage) async throws -> Int {
        try await publish(message.wireText, to: message.channel.description)
    }
}

/// One subscriber's connection: what it subscribes to arrives on ``messages`` (Redis:
/// ``RedisSubscriber``, which reconnects and subscribes again on its own).
public protocol ChannelSubscription: Sendable {
    /// Every message on every subscribed channel, in arrival order (one consumer).
    var messages: AsyncStream<RedisPubSubMessage> { get }
    /// How many times the connection has been (re)made: a rise means messages may have been missed.
    var connectionCount: Int { get }
    /// Whether messages can arrive now.
    var isConnected: Bool { get }
    /// Subscribes, returning once delivery is confirmed.
    func subscribe(_ channels: [String]) async throws
    /// Stops delivery from the channels.
    func unsubscribe(_ channels: [String]) async throws
}

extension EventChannel: EventLog {}
extension RedisClient: ChannelPublisher {}
extension RedisSubscriber: ChannelSubscription {}

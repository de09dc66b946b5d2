import Foundation
import Synchronization

/// Realtime channels in one process's memory: the ``EventLog`` (ids, stamps, capped history), the
/// ``ChannelPublisher`` and any number of ``ChannelSubscription``s (``subscriber()``), with Redis'
/// delivery rules — a message reaches the subscribers subscribed when it is published, in order.
/// For unit tests of the paths that run on Redis in production, and for nothing that needs to
/// outlive the process.
public final class InMemoryChannels: EventLog, ChannelPublisher, Sendable {
    private struct Channel {
        var lastID = 0
        var history: [String] = []
    }

    private struct State {
        var channels: [String: Channel] = [:]
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
    }

    public let historyLimit: Int
    private let state = Mutex(State())

    public init(historyLimit: Int = 1_000) {
        self.historyLimit = historyLimit
    }

    /// A new connection to these channels.
    public func subscriber() -> Subscriber {
        let subscriber = Subscriber(channels: self)
        state.withLock { $0.subscribers[ObjectIdentifier(subscriber)] = subscriber }
        return subscriber
    }

    @discardableResult
    public func publish(_ json: String, on channel: String) async throws -> Int {
        try state.withLock { state in
            let id = state.channels[channel, default: Channel()].lastID + 1
            Self.deliver(try record(json, id: id, on: channel, in: &state), on: channel, to: state.subscribers.values)
            return id
        }
    }

    @discardableResult
    public func publish(_ json: String, on channel: String, id: Int) async throws -> Bool {
        try state.withLock { state in
            guard id > state.channels[channel, default: Channel()].lastID else { return false }
            Self.deliver(try record(json, id: id, on: channel, in: &state), on: channel, to: state.subscribers.values)
            return true
        }
    }

    public func history(_ channel: String, newest: Int?) async throws -> [String] {
        let history = state.withLock { $0.channels[channel]?.history ?? [] }
        return newest.map { Array(history.suffix(max(1, $0))) } ?? history
    }

    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        state.withLock { Self.deliver(message, on: channel, to: $0.subscribers.values) }
    }

    /// Stamps `json` as event `id` (as `EventChannel`'s script does: appended, not re-encoded) and
    /// keeps it in the channel's capped history.
    private func record(_ json: String, id: Int, on channel: String, in state: inout State) throws -> String {
        let body = json.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("{"), body.hasSuffix("}") else { throw RedisError.server("ERR an event is one JSON object") }
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        let stamp = "\"id\":\(id),\"published_ms\":\(now)}"
        let inner = body.dropFirst().dropLast()
        let text = inner.allSatisfy(\.isWhitespace) ? "{" + stamp : String(body.dropLast()) + "," + stamp
        var entry = state.channels[channel, default: Channel()]
        entry.lastID = id
        entry.history.append(text)
        if entry.history.count > historyLimit { entry.history.removeFirst(entry.history.count - historyLimit) }
        state.channels[channel] = entry
        return text
    }

    /// Hands `text` to every subscriber of `channel`, under the state's lock, so that messages on a
    /// channel arrive in the order they were published. - Returns: how many received it.
    @discardableResult
    private static func deliver(_ text: String, on channel: String, to subscribers: some Sequence<Subscriber>) -> Int {
        let message = RedisPubSubMessage(channel: channel, pattern: nil, payload: Array(text.utf8))
        return subscribers.reduce(0) { count, subscriber in count + (subscriber.receive(message) ? 1 : 0) }
    }

    fileprivate func forget(_ subscriber: Subscriber) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: ObjectIdentifier(subscriber)) }
    }

    /// One connection to ``InMemoryChannels``: always connected (``connectionCount`` is 1); call
    /// ``close()`` when done with it.
    public final class Subscriber: ChannelSubscription, Sendable {
        public let messages: AsyncStream<RedisPubSubMessage>
        private let output: AsyncStream<RedisPubSubMessage>.Continuation
        private let subscribed = Mutex(Set<String>())
        /// Kept until ``close()`` (which the owner calls when done).
        private let channels: InMemoryChannels

        fileprivate init(channels: InMemoryChannels) {
            self.channels = channels
            (messages, output) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
        }

        public var connectionCount: Int { 1 }
        public var isConnected: Bool { true }

        public func subscribe(_ channels: [String]) async throws {
            subscribed.withLock { $0.formUnion(channels) }
        }

        public func unsubscribe(_ channels: [String]) async throws {
            subscribed.withLock { $0.subtract(channels) }
        }

        /// Ends ``messages`` and leaves the channels.
        public func close() {
            output.finish()
            channels.forget(self)
        }

        fileprivate func receive(_ message: RedisPubSubMessage) -> Bool {
            guard subscribed.withLock({ $0.contains(message.channel) }) else { return false }
            output.yield(message)
            return true
        }
    }
}

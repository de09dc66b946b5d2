import Contracts
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A message received on a subscribed channel or pattern.
public struct RedisPubSubMessage: Sendable, Equatable {
    /// The channel the message was published to.
    public let channel: String
    /// The pattern that matched, for pattern subscriptions.
    public let pattern: String?
    /// The message body.
    public let payload: [UInt8]

    /// The body decoded as UTF-8.
    public var text: String { String(decoding: payload, as: UTF8.self) }

    /// The channel, when it is one the platform uses.
    public var channelName: ChannelName? { ChannelName(channel) }

    /// The body read as a typed message. - Throws: ``WireMessageError`` naming what is wrong.
    public func decode<Message: ChannelMessage>(_ type: Message.Type) throws(WireMessageError) -> Message {
        try Message.decode(wire: text)
    }
}

/// A dedicated pub/sub connection that keeps its subscriptions across Redis restarts.
///
/// Run it as a `Service`: it connects, subscribes to every channel and pattern asked for, and when
/// the connection drops it reconnects with back-off and subscribes again. Messages arrive on
/// ``messages`` (one consumer).
public final class RedisSubscriber: Service, Sendable {
    private struct State {
        var channels: Set<String> = []
        var patterns: Set<String> = []
        var connection: RedisConnection?
        var confirmations: [String: [EventLoopPromise<Void>]] = [:]
        var connections = 0
    }

    /// Every message on every subscribed channel and pattern, in arrival order.
    public let messages: AsyncStream<RedisPubSubMessage>
    private let output: AsyncStream<RedisPubSubMessage>.Continuation
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())
    /// How long ``subscribe(_:)`` waits for Redis to confirm.
    private let confirmationTimeout: Duration

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        confirmationTimeout: Duration = .seconds(5),
        logger: Logger
    ) {
        (messages, output) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.confirmationTimeout = confirmationTimeout
        self.logger = logger
    }

    /// How many times the subscriber has connected (1 after the first connect; rises after each
    /// reconnect).
    public var connectionCount: Int { state.withLock { $0.connections } }

    /// Whether the pub/sub connection is open right now.
    public var isConnected: Bool { state.withLock { $0.connection?.isActive ?? false } }

    /// Subscribes to channels and waits until Redis confirms each one.
    ///
    /// The subscription is remembered even when the wait fails (Redis down): it is made as soon as
    /// the connection is back.
    /// - Throws: `RedisError.timeout` when Redis does not confirm in time.
    public func subscribe(_ channels: [String]) async throws {
        try await change(names: channels, kind: "subscribe") { $0.channels.formUnion(channels) }
    }

    /// Subscribes to the platform's channels (``subscribe(_:)`` by name).
    public func subscribe(_ channels: [ChannelName]) async throws {
        try await subscribe(channels.map(\.description))
    }

    /// Subscribes to glob-style patterns (`PSUBSCRIBE`) and waits for confirmation.
    public func psubscribe(_ patterns: [String]) async throws {
        try await change(names: patterns, kind: "psubscribe") { $0.patterns.formUnion(patterns) }
    }

    /// Unsubscribes from channels and waits for confirmation.
    public func unsubscribe(_ channels: [String]) async throws {
        try await change(names: channels, kind: "unsubscribe") { $0.channels.subtract(channels) }
    }

    /// Unsubscribes from patterns and waits for confirmation.
    public func punsubscribe(_ patterns: [String]) async throws {
        try await change(names: patterns, kind: "punsubscribe") { $0.patterns.subtract(patterns) }
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await self.connectionLoop()
        } onGracefulShutdown: {
            self.state.withLock { $0.connection }?.close()
        }
        output.finish()
        failAllWaiters(RedisError.shutdown)
    }

    // MARK: - Connection loop

    private func connectionLoop() async {
        var backoff = Duration.milliseconds(50)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let (pushes, pushContinuation) = AsyncStream.makeStream(of: RESPValue.self)
                let connection = try await RedisConnection.connect(
                    configuration: configuration, eventLoopGroup: eventLoopGroup, pushes: pushContinuation)
                let (channels, patterns, count) = state.withLock { state in
                    state.connection = connection
                    state.connections += 1
                    return (state.channels, state.patterns, state.connections)
                }
                if Task.isShuttingDownGracefully { connection.close() }
                if !channels.isEmpty { connection.sendWithoutReply(["SUBSCRIBE"] + channels.sorted().map { RESPArgument($0) }) }
                if !patterns.isEmpty { connection.sendWithoutReply(["PSUBSCRIBE"] + patterns.sorted().map { RESPArgument($0) }) }
                logger.info("redis pub/sub connected", metadata: [
                    "connection": "\(count)", "channels": "\(channels.count)", "patterns": "\(patterns.count)",
                ])
                backoff = .milliseconds(50)
                for await push in pushes { handle(push) }
                state.withLock { $0.connection = nil }
                if !Task.isShuttingDownGracefully { logger.warning("redis pub/sub connection lost; reconnecting") }
            } catch {
                logger.warning("redis pub/sub connect failed", metadata: ["error": "\(error)"])
            }
            guard !Task.isShuttingDownGracefully else { break }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, .seconds(2))
        }
    }

    private func handle(_ push: RESPValue) {
        guard let parts = push.array, let kind = parts.first?.string else { return }
        switch kind {
        case "message" where parts.count == 3:
            if case .bulk(let payload) = parts[2], let channel = parts[1].string {
                output.yield(RedisPubSubMessage(channel: channel, pattern: nil, payload: payload))
            }
        case "pmessage" where parts.count == 4:
            if case .bulk(let payload) = parts[3], let pattern = parts[1].string, let channel = parts[2].string {
                output.yield(RedisPubSubMessage(channel: channel, pattern: pattern, payload: payload))
            }
        case "subscribe", "psubscribe", "unsubscribe", "punsubscribe":
            if let name = parts.count > 1 ? parts[1].string : nil { confirm(key: kind + " " + name) }
        default:
            break
        }
    }

    // MARK: - Confirmations

    private func change(names: [String], kind: String, update: (inout State) -> Void) async throws {
        guard !names.isEmpty else { return }
        let eventLoop = eventLoopGroup.next()
        // Waiters are registered before the command goes out, so a fast confirmation is not missed.
        let (connection, promises) = state.withLock { state in
            update(&state)
            let promises = Set(names).map { name in
                let promise = eventLoop.makePromise(of: Void.self)
                state.confirmations[kind + " " + name, default: []].append(promise)
                return promise
            }
            return (state.connection, promises)
        }
        connection?.sendWithoutReply([RESPArgument(kind.uppercased())] + names.map { RESPArgument($0) })
        let timer = eventLoop.scheduleTask(in: confirmationTimeout.timeAmount) {
            for promise in promises { promise.fail(RedisError.timeout("Redis did not confirm \(kind) \(names)")) }
        }
        defer { timer.cancel() }
        for promise in promises { try await promise.futureResult.get() }
    }

    private func confirm(key: String) {
        let waiters = state.withLock { $0.confirmations.removeValue(forKey: key) } ?? []
        for waiter in waiters { waiter.succeed() }
    }

    private func failAllWaiters(_ error: any Error) {
        let all = state.withLock { state in
            defer { state.confirmations.removeAll() }
            return state.confirmations.values.flatMap { $0 }
        }
        for waiter in all { waiter.fail(error) }
    }
}

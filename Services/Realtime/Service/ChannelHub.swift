import Contracts
import Foundation
import Logging
import Metrics
import NIOWebSocket
import RedisKit
import ServiceLifecycle
import Synchronization

/// This server's subscription table and its one Redis pub/sub connection.
///
/// A Redis channel is subscribed when the first local socket subscribes to it and unsubscribed when
/// the last one leaves (one task reconciles the wanted set with Redis, so a leave and a rejoin never
/// reorder). Each published event is parsed once and queued for every local subscriber. Events
/// are numbered per channel: when one arrives after a gap (Redis dropped the pub/sub connection,
/// or a message was lost) the missing ones are read from the channel's history first, and after
/// every reconnect each channel's history is read again for what was published meanwhile — so a
/// subscriber gets every event once, in order. Ended sessions (``Contracts/SessionEnded``) close
/// their sockets; revoked access (``Contracts/AccessRevoked``) ends subscriptions; cursors and
/// presence travel between replicas as ``Contracts/RelayFrame``s.
public final class ChannelHub: Service, Sendable {
    /// Channels every replica listens to whatever its sockets subscribe to: ended sessions (auth)
    /// and revoked access (the conversion service).
    static let control: Set<String> = [ChannelName.sessionsEnded.description, ChannelName.accessRevoked.description]

    private struct Entry {
        var connections: [String: Connection] = [:]
        /// The last event id forwarded on this channel (`nil` until the first one).
        var lastID: Int?
    }

    private struct State {
        var channels: [String: Entry] = [:]
        var connections: [String: Connection] = [:]
        /// What Redis has been asked to deliver.
        var redisChannels: Set<String> = ChannelHub.control
        var confirmed: Set<String> = []
        var waiters: [String: [CheckedContinuation<Void, any Error>]] = [:]
        var draining = false
    }

    private enum Input: Sendable {
        case message(RedisPubSubMessage)
        case reconnected
    }

    let subscriber: any ChannelSubscription
    /// Relay frames between replicas.
    let publisher: any ChannelPublisher
    let events: any EventLog
    let metrics: RealtimeMetrics
    let logger: Logger
    /// Told when a user (or everyone: `nil`) lost access to a conversion (the access cache forgets it).
    let onAccessRevoked: (@Sendable (UUID, UUID?) -> Void)?
    private let state = Mutex(State())
    private let reconcileSignal: AsyncStream<Void>.Continuation
    private let reconcileSignals: AsyncStream<Void>

    /// On Redis in production (a `RedisSubscriber`, the `RedisClient`, an `EventChannel`); on
    /// ``RedisKit/InMemoryChannels`` in unit tests.
    init(subscriber: any ChannelSubscription, publisher: any ChannelPublisher, events: any EventLog, metrics: RealtimeMetrics, logger: Logger,
         onAccessRevoked: (@Sendable (UUID, UUID?) -> Void)? = nil) {
        self.onAccessRevoked = onAccessRevoked
        self.subscriber = subscriber
        self.publisher = publisher
        self.events = events
        self.metrics = metrics
        self.logger = logger
        (reconcileSignals, reconcileSignal) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func run() async throws {
        try? await subscriber.subscribe(Self.control.sorted())
        let (inputs, input) = AsyncStream.makeStream(of: Input.self, bufferingPolicy: .unbounded)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in self.subscriber.messages { input.yield(.message(message)) }
                input.finish()
            }
            group.addTask {
                // The subscriber counts its connections: a rise means a reconnect.
                var seen = self.subscriber.connectionCount
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    let now = self.subscriber.connectionCount
                    if now != seen {
                        if seen > 0 { self.metrics.pubsubReconnects.increment(by: now - seen) }
                        seen = now
                        input.yield(.reconnected)
                    }
                }
            }
            group.addTask { await self.reconcileLoop() }
            group.addTask {
                for await input in inputs {
                    switch input {
                    case .message(let message): await self.handle(message)
                    case .reconnected: await self.catchUp()
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
            reconcileSignal.finish()
        }
    }

    // MARK: - Connections

    func register(_ connection: Connection) {
        let count = state.withLock { state in
            state.connections[connection.id] = connection
            return state.connections.count
        }
        metrics.connections.record(count)
    }

    /// Forgets a connection and its subscriptions.
    func remove(_ connection: Connection) {
        let (emptied, count) = state.withLock { state in
            state.connections[connection.id] = nil
            var emptied = false
            for channel in connection.channels {
                state.channels[channel]?.connections[connection.id] = nil
                if state.channels[channel]?.connections.isEmpty == true {
                    state.channels[channel] = nil
                    emptied = true
                }
            }
            return (emptied, state.connections.count)
        }
        metrics.connections.record(count)
        if emptied { reconcileSignal.yield() }
    }

    /// Every open connection (for the sweeper and shutdown).
    var connections: [Connection] { state.withLock { Array($0.connections.values) } }

    /// The open connections of one session.
    func connections(session: UUID) -> [Connection] {
        state.withLock { $0.connections.values.filter { $0.session == session } }
    }

    // MARK: - Subscriptions

    /// Subscribes a connection: waits until Redis delivers the channel here, then replays the
    /// history after `since` (all of it without `since`) and switches to live events with no gap
    /// and no duplicate at the seam. - Returns: the number of events replayed.
    /// `history` replaces the channel's Redis history (documents replay from their durable log).
    func subscribe(
        _ connection: Connection, to channel: String, since: Int?,
        history source: (@Sendable (Int) async throws(ProtocolError) -> [(id: Int, text: String)])? = nil
    ) async throws(ProtocolError) -> Int {
        guard connection.beginSubscription(channel) else {
            throw ProtocolError("too_many_subscriptions", "at most \(connection.limits.maxSubscriptions) channels per connection")
        }
        state.withLock { $0.channels[channel, default: Entry()].connections[connection.id] = connection }
        reconcileSignal.yield()
        do {
            try await awaitConfirmation(channel)
            let stored: [(id: Int, text: String)]
            if let source {
                stored = try await source(since ?? 0)
            } else {
                stored = try await events.history(channel).compactMap { text in Self.parse(text).map { ($0.id, text) } }
            }
            let history = stored.map { entry in
                (id: entry.id, text: Envelope.event(channel: channel, id: entry.id, publishedMs: Self.parse(entry.text)?.publishedMs ?? 0, json: entry.text))
            }
            if let since, let first = history.first?.id, first > since + 1 {
                // The capped history no longer reaches back to `since`: say so, then send what is kept.
                connection.send(Envelope.error(ProtocolError("history_truncated", "events \(since + 1)…\(first - 1) are no longer kept; the replay starts at \(first)"), channel: channel))
            }
            return connection.finishSubscription(channel, since: since ?? 0, history: history)
        } catch let error as ProtocolError {
            unsubscribe(connection, from: channel)
            throw error
        } catch {
            unsubscribe(connection, from: channel)
            throw ProtocolError("unavailable", "the channel could not be joined right now (\(error)); retry")
        }
    }

    func unsubscribe(_ connection: Connection, from channel: String) {
        connection.endSubscription(channel)
        let emptied = state.withLock { state in
            state.channels[channel]?.connections[connection.id] = nil
            guard state.channels[channel]?.connections.isEmpty == true else { return false }
            state.channels[channel] = nil
            return true
        }
        if emptied { reconcileSignal.yield() }
    }

    private func awaitConfirmation(_ channel: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready = state.withLock { state in
                if state.confirmed.contains(channel) { return true }
                state.waiters[channel, default: []].append(continuation)
                return false
            }
            if ready { continuation.resume() } else { reconcileSignal.yield() }
        }
    }

    /// Brings Redis' subscriptions in line with the table, one change set at a time.
    private func reconcileLoop() async {
        for await _ in reconcileSignals {
            while true {
                let (add, remove) = state.withLock { state in
                    let wanted = Set(state.channels.keys).union(Self.control)
                    let add = wanted.subtracting(state.redisChannels)
                    let remove = state.redisChannels.subtracting(wanted)
                    state.redisChannels = wanted
                    state.confirmed.subtract(remove)
                    return (add, remove)
                }
                if add.isEmpty && remove.isEmpty { break }
                if !remove.isEmpty { try? await subscriber.unsubscribe(remove.sorted()) }
                guard !add.isEmpty else { continue }
                var failure: (any Error)?
                do { try await subscriber.subscribe(add.sorted()) } catch { failure = error }
                let waiters = state.withLock { state in
                    if failure == nil { state.confirmed.formUnion(add.intersection(state.redisChannels)) }
                    return add.flatMap { state.waiters.removeValue(forKey: $0) ?? [] }
                }
                for waiter in waiters {
                    if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
                }
            }
            // Waiters for channels confirmed by an earlier pass.
            let ready = state.withLock { state in
                let keys = state.waiters.keys.filter { state.confirmed.contains($0) }
                return keys.flatMap { state.waiters.removeValue(forKey: $0) ?? [] }
            }
            for waiter in ready { waiter.resume() }
        }
    }

    // MARK: - Fan-out

    /// A stored event's id and publication time.
    static func parse(_ text: String) -> (id: Int, publishedMs: Int64)? {
        EventStamp(event: text).map { ($0.id, $0.publishedMs) }
    }

    private func handle(_ message: RedisPubSubMessage) async {
        switch message.channelName {
        case .sessionsEnded:
            guard let ended = decode(SessionEnded.self, message) else { return }
            for connection in connections(session: ended.sessionID) {
                metrics.closed("session_ended")
                connection.close(.policyViolation, reason: "session ended")
            }
            return
        case .accessRevoked:
            guard let revoked = decode(AccessRevoked.self, message) else { return }
            revokeAccess(revoked)
            return
        case .userDeleted, .conversion, .user, .doc, nil:
            break
        }
        if let frame = RelayFrame(wire: message.text) {
            relay(frame, on: message.channel)
            return
        }
        let text = message.text
        guard let (id, publishedMs) = Self.parse(text) else {
            logger.warning("unnumbered message ignored", metadata: ["channel": .string(message.channel)])
            return
        }
        let last = state.withLock { $0.channels[message.channel]?.lastID }
        if let last, id <= last { return }
        if let last, id > last + 1 { await fill(message.channel, after: last, before: id) }
        forward(message.channel, id: id, publishedMs: publishedMs, json: text)
        metrics.fanout(milliseconds: Envelope.now() - publishedMs)
    }

    /// A control message, or `nil` (logged) when it cannot be read.
    private func decode<Message: ChannelMessage>(_ type: Message.Type, _ message: RedisPubSubMessage) -> Message? {
        do { return try message.decode(type) } catch {
            logger.warning("unreadable control message ignored", metadata: ["channel": .string(message.channel), "error": .string(error.description)])
            return nil
        }
    }

    /// Ends the subscriptions to a conversion's channels of a user who lost access to it (or of
    /// everyone, when it was deleted), telling each socket why.
    private func revokeAccess(_ revoked: AccessRevoked) {
        let user = revoked.userID
        onAccessRevoked?(revoked.conversionID, user)
        let names = [ChannelName.conversion(revoked.conversionID).description, ChannelName.doc(revoked.conversionID).description]
        for name in names {
            let targets = state.withLock { $0.channels[name].map { Array($0.connections.values) } ?? [] }
            for connection in targets where user == nil || connection.user == user {
                unsubscribe(connection, from: name)
                connection.send(Envelope.error(ProtocolError("forbidden", "your access to \(name) ended"), channel: name))
            }
        }
    }

    /// Queues one event for every local subscriber of the channel.
    private func forward(_ channel: String, id: Int, publishedMs: Int64, json: String) {
        let targets: [Connection] = state.withLock { state in
            guard var entry = state.channels[channel] else { return [] }
            if let last = entry.lastID, id <= last { return [] }
            entry.lastID = id
            state.channels[channel] = entry
            return Array(entry.connections.values)
        }
        guard !targets.isEmpty else { return }
        let envelope = Envelope.event(channel: channel, id: id, publishedMs: publishedMs, json: json)
        for connection in targets { connection.deliver(channel: channel, id: id, text: envelope) }
        metrics.message("out", "event", count: targets.count)
    }

    /// Forwards the events between `last` and `next` from the channel's history.
    private func fill(_ channel: String, after last: Int, before next: Int) async {
        do {
            let missing = try await events.history(channel, newest: min(events.historyLimit, next - last + 1))
            for text in missing {
                guard let (id, publishedMs) = Self.parse(text), id > last, id < next else { continue }
                forward(channel, id: id, publishedMs: publishedMs, json: text)
            }
        } catch {
            logger.warning("gap not filled", metadata: ["channel": .string(channel), "after": "\(last)", "before": "\(next)", "error": "\(error)"])
        }
    }

    /// After a pub/sub reconnect: forward what each channel's history gained meanwhile (retried
    /// while Redis is still loading its data, for up to about ten seconds).
    private func catchUp() async {
        var pending = state.withLock { state in state.channels.map { ($0.key, $0.value.lastID ?? 0) } }
        var delay = Duration.milliseconds(100)
        for attempt in 1...12 where !pending.isEmpty {
            var failed: [(String, Int)] = []
            for (channel, last) in pending {
                do {
                    for text in try await events.history(channel) {
                        guard let (id, publishedMs) = Self.parse(text), id > last else { continue }
                        forward(channel, id: id, publishedMs: publishedMs, json: text)
                    }
                } catch {
                    if attempt == 12 { logger.warning("catch-up failed", metadata: ["channel": .string(channel), "error": "\(error)"]) }
                    failed.append((channel, last))
                }
            }
            pending = failed
            if !pending.isEmpty {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    // MARK: - Ephemeral relays

    /// Publishes a cursor or presence update to every other subscriber of the channel, on every
    /// server (not numbered, not kept).
    func publishRelay(from connection: Connection, channel: String, message: String) async {
        do {
            _ = try await publisher.publish(RelayFrame(connection: connection.id, envelope: message).wireText, to: channel)
        } catch {
            connection.send(Envelope.error(ProtocolError("unavailable", "the update could not be relayed right now"), channel: channel))
        }
    }

    private func relay(_ frame: RelayFrame, on channel: String) {
        let targets = state.withLock { $0.channels[channel].map { Array($0.connections.values) } ?? [] }
        for connection in targets where connection.id != frame.connection && connection.isSubscribed(channel) {
            connection.send(frame.envelope)
        }
    }

    // MARK: - Shutdown

    /// Whether the server is stopping (it takes no new sockets and is not ready).
    var isDraining: Bool { state.withLock { $0.draining } }

    /// Closes every socket with 1001 (going away) so clients reconnect to another replica, and
    /// waits up to `deadline` for them to go.
    func closeAll(deadline: Duration) async {
        state.withLock { $0.draining = true }
        for connection in connections {
            metrics.closed("shutdown")
            connection.close(.goingAway, reason: "server shutting down")
        }
        let end = ContinuousClock.now + deadline
        while !state.withLock({ $0.connections.isEmpty }) && ContinuousClock.now < end && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

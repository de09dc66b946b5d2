import Contracts
import ConversionEngine
import Foundation
import Logging
import RedisKit
import ServiceLifecycle

/// Progress events on realtime channel `conversion:{id}` (an ``EventChannel``: numbered, kept in
/// the conversion's capped history so a late subscriber catches up, published on Redis for the
/// realtime servers). The final event also goes to `user:{owner}`. The event is
/// ``Contracts/ProgressEvent``.
///
/// Redis being down never stops a conversion, and loses no event: an event Redis cannot take waits
/// in the process's ``EventOutbox`` and is published, in order, once Redis answers again (a client
/// that reconnects then catches up from the history). The row in PostgreSQL stays the truth.
public struct ProgressEvents: Sendable {
    let channel: any EventLog
    let logger: Logger
    let outbox: EventOutbox
    /// Events kept per conversion.
    public static var historyLimit: Int { 200 }
    /// How long a conversion's history and id counter live after the last event.
    public static var historySeconds: Int { 7 * 86_400 }

    public init(redis: RedisClient, logger: Logger) {
        self.init(channel: EventChannel(redis: redis, historyLimit: Self.historyLimit, ttlSeconds: Self.historySeconds), logger: logger)
    }

    /// Events on any ``RedisKit/EventLog`` (``RedisKit/InMemoryChannels`` in unit tests).
    public init(channel: any EventLog, logger: Logger) {
        self.channel = channel
        self.logger = logger
        self.outbox = EventOutbox(channel: channel, logger: logger)
    }

    /// The service that publishes what waits in the outbox once Redis is back (run it beside the
    /// workers).
    public var retrier: EventOutbox.Retrier { EventOutbox.Retrier(outbox: outbox) }

    /// Publishes one event (a final one to its owner's `user:{id}` channel too). - Returns: its
    /// id on the conversion's channel, or `nil` when Redis could not take it.
    @discardableResult
    public func publish(_ event: ProgressEvent, owner: UUID? = nil) async -> Int? {
        var channels = [event.channel.description]
        // The owner's channel numbers its own events; the copy joins its history too.
        if let owner, event.type.isFinal { channels.append(ChannelName.user(owner).description) }
        return await outbox.publish(.init(text: event.wireText, channels: channels, final: event.type.isFinal))
    }

    /// Publishes one event built from its parts (see ``publish(_:owner:)``).
    @discardableResult
    public func publish(_ conversion: UUID, type: ProgressEventType, stage: ProgressStage, percent: Int, message: String,
                        counts: [String: Int] = [:], owner: UUID? = nil) async -> Int? {
        await publish(ProgressEvent(type: type, conversionID: conversion, stage: stage, percent: percent, message: message, counts: counts), owner: owner)
    }

    /// The conversion's event history, oldest first (for catching up).
    public func history(_ conversion: UUID) async throws -> [String] {
        try await channel.history(ChannelName.conversion(conversion).description)
    }
}

extension ProgressStage {
    /// The engine's stage as events and the `stage` column name it.
    init(_ stage: ConversionStage) {
        switch stage {
        case .analyzing: self = .analyzing
        case .planning: self = .planning
        case .converting: self = .converting
        case .packaging: self = .packaging
        case .validating: self = .validating
        case .completed: self = .completed
        case .failed: self = .failed
        }
    }
}

/// Events Redis could not take, kept in order and published again once it answers.
///
/// While anything waits here, new events queue behind it (a channel never sees them out of order).
/// Bounded: past ``capacity`` the oldest progress event is dropped (logged); final events (those
/// also sent to the owner: completed, failed, cancelled) are kept.
public actor EventOutbox {
    struct Event: Sendable {
        let text: String
        /// Channels still to publish on, in order (a retry resumes where the last attempt stopped).
        var channels: [String]
        let final: Bool
    }

    let channel: any EventLog
    let logger: Logger
    private var waiting: [Event] = []
    private var flushing = false
    /// The most events kept while Redis is away.
    public static let capacity = 10_000

    init(channel: any EventLog, logger: Logger) {
        self.channel = channel
        self.logger = logger
    }

    /// How many events wait.
    public var count: Int { waiting.count }

    /// Publishes `event` now when nothing waits and Redis takes it; otherwise queues it. - Returns:
    /// its id on its first channel when published now.
    func publish(_ event: Event) async -> Int? {
        guard waiting.isEmpty, !flushing else {
            enqueue(event)
            return nil
        }
        var event = event
        var first: Int?
        while let name = event.channels.first {
            do {
                let id = try await channel.publish(event.text, on: name)
                if first == nil { first = id }
                event.channels.removeFirst()
            } catch {
                logger.warning("progress event kept for later: Redis did not take it", metadata: [
                    "channel": .string(name), "error": .string("\(error)".prefix(160).description)])
                enqueue(event)
                return first
            }
        }
        return first
    }

    private func enqueue(_ event: Event) {
        if waiting.count >= Self.capacity, let index = waiting.firstIndex(where: { !$0.final }) {
            logger.warning("progress event dropped: the outbox is full", metadata: ["channel": .string(waiting[index].channels.first ?? "-")])
            waiting.remove(at: index)
        }
        waiting.append(event)
    }

    /// Publishes what waits, oldest first, until Redis refuses one. - Returns: whether all went out.
    func flush() async -> Bool {
        guard !flushing else { return false }
        flushing = true
        defer { flushing = false }
        while !waiting.isEmpty {
            while let name = waiting[0].channels.first {
                do {
                    _ = try await channel.publish(waiting[0].text, on: name)
                    waiting[0].channels.removeFirst()
                } catch {
                    return false
                }
            }
            waiting.removeFirst()
        }
        return true
    }

    /// Retries the outbox every 250 ms while anything waits (a `Service`).
    public struct Retrier: Service {
        let outbox: EventOutbox

        public func run() async throws {
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    if await outbox.count > 0, await outbox.flush() {
                        outbox.logger.info("progress events published after Redis returned")
                    }
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        }
    }
}

import Foundation
import Logging
import RedisKit

/// Progress events on realtime channel `conversion:{id}` (an ``EventChannel``: numbered, kept in
/// the conversion's capped history so a late subscriber catches up, published on Redis for the
/// realtime servers). The final event also goes to `user:{owner}`.
///
/// Redis being down never stops a conversion: the event is logged as lost, the row in PostgreSQL
/// stays the truth, and the next event publishes normally once Redis is back.
public struct ProgressEvents: Sendable {
    let channel: EventChannel
    let logger: Logger
    /// Events kept per conversion.
    public static var historyLimit: Int { 200 }
    /// How long a conversion's history and id counter live after the last event.
    public static var historySeconds: Int { 7 * 86_400 }

    public init(redis: RedisClient, logger: Logger) {
        self.channel = EventChannel(redis: redis, historyLimit: Self.historyLimit, ttlSeconds: Self.historySeconds)
        self.logger = logger
    }

    /// The channel of a conversion's events.
    public static func channel(_ conversion: UUID) -> String { "conversion:\(conversion.uuidString.lowercased())" }

    /// Publishes one event; `alsoToUser` sends it to the owner's channel too. - Returns: its id,
    /// or `nil` when Redis could not take it.
    @discardableResult
    public func publish(_ conversion: UUID, type: String, stage: String, percent: Int, message: String, counts: [String: Int] = [:],
                        alsoToUser owner: UUID? = nil) async -> Int? {
        let id = conversion.uuidString.lowercased()
        var event: [String: Any] = [
            "type": type, "conversion_id": id, "stage": stage, "percent": percent, "message": message,
            "ts": Date().formatted(.iso8601),
        ]
        if !counts.isEmpty { event["counts"] = counts }
        guard let data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]) else { return nil }
        do {
            let text = String(decoding: data, as: UTF8.self)
            if let owner {
                // The owner's channel numbers its own events; the copy joins its history too.
                let number = try await channel.publish(text, on: Self.channel(conversion))
                try await channel.publish(text, on: "user:\(owner.uuidString.lowercased())")
                return number
            }
            return try await channel.publish(text, on: Self.channel(conversion))
        } catch {
            logger.warning("progress event not published", metadata: ["conversion_id": .string(id), "stage": .string(stage), "error": .string("\(error)".prefix(160).description)])
            return nil
        }
    }

    /// The conversion's event history, oldest first (for catching up).
    public func history(_ conversion: UUID) async throws -> [String] {
        try await channel.history(Self.channel(conversion))
    }
}

import Foundation
import Logging
import RedisKit

/// Progress events on Redis channel `conversion:{id}`: each gets the channel's next id, joins the
/// conversion's capped history (so a late subscriber catches up) and is published — in one script,
/// so ids, history and delivery never disagree. The final event also goes to `user:{owner}`.
///
/// Redis being down never stops a conversion: the event is logged as lost, the row in PostgreSQL
/// stays the truth, and the next event publishes normally once Redis is back.
public struct ProgressEvents: Sendable {
    let redis: RedisClient
    let logger: Logger
    /// Events kept per conversion.
    public static var historyLimit: Int { 200 }
    /// How long a conversion's history and id counter live after the last event.
    public static var historySeconds: Int { 7 * 86_400 }

    public init(redis: RedisClient, logger: Logger) {
        self.redis = redis
        self.logger = logger
    }

    static let script = RedisScript(name: "conversion-event", source: """
        local id = redis.call('INCR', KEYS[1])
        local event = cjson.decode(ARGV[1])
        event['id'] = id
        local text = cjson.encode(event)
        redis.call('RPUSH', KEYS[2], text)
        redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], text)
        if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], text) end
        return id
        """)

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
        let channel = Self.channel(conversion)
        do {
            let reply = try await redis.evaluate(
                Self.script, keys: ["\(channel):seq", "\(channel):events"],
                arguments: [
                    RESPArgument(String(decoding: data, as: UTF8.self)), RESPArgument(Self.historyLimit), RESPArgument(Self.historySeconds),
                    RESPArgument(channel), RESPArgument(owner.map { "user:\($0.uuidString.lowercased())" } ?? ""),
                ])
            return reply.integer.map(Int.init)
        } catch {
            logger.warning("progress event not published", metadata: ["conversion_id": .string(id), "stage": .string(stage), "error": .string("\(error)".prefix(160).description)])
            return nil
        }
    }

    /// The conversion's event history, oldest first (for catching up).
    public func history(_ conversion: UUID) async throws -> [String] {
        let reply = try await redis.send(["LRANGE", RESPArgument("\(Self.channel(conversion)):events"), "0", "-1"])
        return reply.array?.compactMap(\.string) ?? []
    }
}

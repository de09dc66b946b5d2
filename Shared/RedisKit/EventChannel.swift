import Contracts

/// Numbered events on a realtime channel (`conversion:{id}`, `user:{id}`, `doc:{id}`): publishing
/// one gives it the channel's next id, appends it to the channel's capped history and publishes
/// it on the Redis channel of the same name — in one script, so ids, history and delivery never
/// disagree. Realtime servers forward the published text to WebSocket subscribers and replay the
/// history to a client resubscribing with the last id it saw.
///
/// Keys: `{channel}:seq` (the last id) and `{channel}:events` (the history, oldest first); both
/// expire `ttlSeconds` after the channel's last event. Each stored event is the publisher's JSON
/// object with `"id"` (the event id) and `"published_ms"` (Redis' clock at publication) appended
/// to its text — appended, not decoded and encoded again: Redis' Lua JSON turns an empty array
/// into `{}` and rounds numbers to 14 digits, which corrupted edits such as `"value": []`. The
/// publisher's object must not carry those two members itself (``Contracts/EventStamp``).
public struct EventChannel: Sendable {
    public let redis: RedisClient
    /// Events kept per channel.
    public let historyLimit: Int
    /// How long a channel's history and counter live after its last event.
    public let ttlSeconds: Int

    public init(redis: RedisClient, historyLimit: Int = 1_000, ttlSeconds: Int = 7 * 86_400) {
        self.redis = redis
        self.historyLimit = historyLimit
        self.ttlSeconds = ttlSeconds
    }

    /// The script every publisher runs (services publish through ``publish(_:on:)``).
    public static let script = RedisScript(name: "channel-event", source: """
        local body = ARGV[1]
        if string.sub(body, 1, 1) ~= '{' or string.sub(body, -1) ~= '}' then return redis.error_reply('ERR an event is one JSON object') end
        local id = redis.call('INCR', KEYS[1])
        local now = redis.call('TIME')
        local stamp = string.format('"id":%d,"published_ms":%d}', id, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
        local text
        if string.match(body, '^{%s*}$') then text = '{' .. stamp else text = string.sub(body, 1, -2) .. ',' .. stamp end
        redis.call('RPUSH', KEYS[2], text)
        redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], text)
        return id
        """)

    /// Publishes `json` (a JSON object) on `channel`. - Returns: the event's id on `channel`.
    @discardableResult
    public func publish(_ json: String, on channel: String) async throws -> Int {
        let reply = try await redis.evaluate(
            Self.script, keys: [Self.sequenceKey(channel), Self.historyKey(channel)],
            arguments: [RESPArgument(json), RESPArgument(historyLimit), RESPArgument(ttlSeconds), RESPArgument(channel)])
        guard let id = reply.integer else { throw RedisError.unexpectedReply("channel-event returned \(reply)") }
        return Int(id)
    }

    /// The script for events numbered by their publisher (a document's operations carry the
    /// sequence the database gave them): an id at or below the channel's last is a repeat and is
    /// dropped, so publishers that race or retry never reorder or duplicate.
    public static let numberedScript = RedisScript(name: "channel-event-numbered", source: """
        local body = ARGV[1]
        if string.sub(body, 1, 1) ~= '{' or string.sub(body, -1) ~= '}' then return redis.error_reply('ERR an event is one JSON object') end
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        local id = tonumber(ARGV[5])
        if id <= last then return 0 end
        local now = redis.call('TIME')
        local stamp = string.format('"id":%d,"published_ms":%d}', id, tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000))
        local text
        if string.match(body, '^{%s*}$') then text = '{' .. stamp else text = string.sub(body, 1, -2) .. ',' .. stamp end
        redis.call('SET', KEYS[1], id, 'EX', ARGV[3])
        redis.call('RPUSH', KEYS[2], text)
        redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        redis.call('PUBLISH', ARGV[4], text)
        return id
        """)

    /// Publishes `json` as event `id` unless the channel is past it. - Returns: whether it went out.
    @discardableResult
    public func publish(_ json: String, on channel: String, id: Int) async throws -> Bool {
        let reply = try await redis.evaluate(
            Self.numberedScript, keys: [Self.sequenceKey(channel), Self.historyKey(channel)],
            arguments: [RESPArgument(json), RESPArgument(historyLimit), RESPArgument(ttlSeconds), RESPArgument(channel), RESPArgument(id)])
        return (reply.integer ?? 0) > 0
    }

    /// Publishes a document edit as event `seq` of its `doc:` channel (the channel stamps `id` and
    /// `published_ms`). - Returns: whether it went out (not a repeat).
    @discardableResult
    public func publish(_ edit: DocumentEditEvent, on channel: ChannelName) async throws -> Bool {
        try await publish(edit.unstampedText, on: channel.description, id: edit.seq)
    }

    /// The channel's last event id (0 when it has none).
    public func lastID(_ channel: String) async throws -> Int {
        let reply = try await redis.send(["GET", RESPArgument(Self.sequenceKey(channel))])
        return reply.string.flatMap(Int.init) ?? 0
    }

    /// The channel's history, oldest first; `newest` limits it to the last events.
    public func history(_ channel: String, newest: Int? = nil) async throws -> [String] {
        let start = newest.map { "-\(max(1, $0))" } ?? "0"
        let reply = try await redis.send(["LRANGE", RESPArgument(Self.historyKey(channel)), RESPArgument(start), "-1"])
        return reply.array?.compactMap(\.string) ?? []
    }

    /// The key holding the channel's last event id.
    public static func sequenceKey(_ channel: String) -> String { "\(channel):seq" }
    /// The key holding the channel's history.
    public static func historyKey(_ channel: String) -> String { "\(channel):events" }
}

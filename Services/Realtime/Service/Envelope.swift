import Contracts
import Foundation

/// A message from a client: `{type, channel?, id?, since?, token?, data?}`. `id` is the client's
/// own correlation id, echoed in the `ack` or `error` it causes.
struct ClientMessage {
    /// What a client may send.
    enum Kind: String, CaseIterable {
        case auth, subscribe, unsubscribe, ping, cursor, edit, presence
    }

    let type: String
    let channel: String?
    /// The correlation id as JSON text (a string or a number), or `nil`.
    let id: String?
    let since: Int?
    let token: String?
    let data: JSONValue?

    private struct Wire: Decodable {
        let type: String
        let channel: String?
        let id: JSONValue?
        let since: Int?
        let token: String?
        let data: JSONValue?
    }

    /// Decodes one text message. - Throws: ``ProtocolError`` naming what is wrong.
    init(text: String) throws(ProtocolError) {
        let wire: Wire
        do { wire = try JSONDecoder().decode(Wire.self, from: Data(text.utf8)) } catch {
            throw ProtocolError("malformed_message", Self.explain(error))
        }
        type = wire.type
        switch wire.id {
        case nil, .null: id = nil
        case .string(let text) where text.utf8.count <= 64: id = JSONText.quote(text)
        case .number(let number) where number >= 0 && number < 1e15 && number == number.rounded(): id = String(Int64(number))
        default: throw ProtocolError("malformed_message", "\"id\" is a string of at most 64 characters or a non-negative integer")
        }
        guard (wire.since ?? 0) >= 0 else { throw ProtocolError("malformed_message", "\"since\" is a non-negative integer (the last event id seen)") }
        channel = wire.channel
        since = wire.since
        token = wire.token
        data = wire.data
    }

    private static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "the message has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: "a message is one JSON object"
        }
    }
}

/// A refusal sent to the client as `{"type":"error","data":{"code","message"}}`.
struct ProtocolError: Error {
    let code: String
    let message: String
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Builds the server's messages: `{type, channel, id, data, ts}` (keys present when they apply),
/// each from an `Encodable` shape (keys sorted); the client's correlation `id` goes back exactly as
/// it came (a JSON string or number), appended last.
enum Envelope {
    private struct Message<Payload: Encodable>: Encodable {
        let type: String
        let ts: Int64
        var channel: String?
        var data: Payload?
    }

    private struct Ready: Encodable {
        let user: String, server: String, connection: String, limits: Limits
    }

    private struct Limits: Encodable {
        let maxMessageBytes: Int, messagesPerSecond: Int, burst: Int, maxSubscriptions: Int, idleTimeoutSeconds: Int
        enum CodingKeys: String, CodingKey {
            case maxMessageBytes = "max_message_bytes", messagesPerSecond = "messages_per_second", burst
            case maxSubscriptions = "max_subscriptions", idleTimeoutSeconds = "idle_timeout_seconds"
        }
    }

    /// What an `ack` says: the request it answers and, for some, a number.
    struct Ack: Encodable {
        let `for`: String
        /// `subscribe`: the events replayed.
        var replayed: Int?
        /// `edit`: the sequence the edit was given.
        var seq: Int?
    }

    private struct Refusal: Encodable {
        let code: String, message: String
    }

    private struct Relay: Encodable {
        let user: String, connection: String, value: JSONValue
    }

    /// `ready` after authentication.
    static func ready(user: UUID, server: String, connection: String, limits: SocketLimits) -> String {
        let ready = Ready(
            user: user.uuidString.lowercased(), server: server, connection: connection,
            limits: Limits(maxMessageBytes: limits.maxMessageBytes, messagesPerSecond: limits.ratePerSecond, burst: limits.rateBurst,
                           maxSubscriptions: limits.maxSubscriptions, idleTimeoutSeconds: Int(limits.idleTimeout.components.seconds)))
        return text(Message(type: "ready", ts: now(), data: ready))
    }

    /// `ack` for a client's request (`id` is its correlation id as JSON text).
    static func ack(_ type: String, channel: String?, id: String?, replayed: Int? = nil, seq: Int? = nil) -> String {
        text(Message(type: "ack", ts: now(), channel: channel, data: Ack(for: type, replayed: replayed, seq: seq)), rawID: id)
    }

    /// `error` with a code.
    static func error(_ error: ProtocolError, channel: String? = nil, id: String? = nil) -> String {
        text(Message(type: "error", ts: now(), channel: channel, data: Refusal(code: error.code, message: error.message)), rawID: id)
    }

    /// `pong` answering a `ping`.
    static func pong(id: String?) -> String { text(Message<Refusal>(type: "pong", ts: now()), rawID: id) }

    /// An `event` carrying a published event's stored JSON text unchanged as `data`.
    static func event(channel: String, id: Int, publishedMs: Int64, json: String) -> String {
        "{\"type\":\"event\",\"channel\":\"\(channel)\",\"id\":\(id),\"ts\":\(publishedMs),\"data\":\(json)}"
    }

    /// An ephemeral message (`presence`, `cursor`) relayed from another client.
    static func relay(type: String, channel: String, from user: UUID, connection: String, data: JSONValue?) -> String {
        text(Message(type: type, ts: now(), channel: channel, data: Relay(user: user.uuidString.lowercased(), connection: connection, value: data ?? .null)))
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    private static func text(_ message: some Encodable, rawID: String? = nil) -> String {
        var text = WireCodec.encode(message)
        if let rawID {
            // The client's id goes back exactly as it came (a JSON string or number).
            text.removeLast()
            text += ",\"id\":\(rawID)}"
        }
        return text
    }
}

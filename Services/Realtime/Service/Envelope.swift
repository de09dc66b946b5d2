import Contracts
import Foundation

/// A channel a client may subscribe to: `conversion:{id}`, `user:{id}` or `doc:{id}` (ids are
/// lower-case UUIDs).
public enum ChannelName: Hashable, Sendable, CustomStringConvertible {
    case conversion(UUID)
    case user(UUID)
    case doc(UUID)

    /// Parses a channel name; `nil` for anything else.
    public init?(_ text: String) {
        guard text.utf8.count <= 64, let colon = text.firstIndex(of: ":"),
              let id = UUID(uuidString: String(text[text.index(after: colon)...])) else { return nil }
        switch text[..<colon] {
        case "conversion": self = .conversion(id)
        case "user": self = .user(id)
        case "doc": self = .doc(id)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .conversion(let id): "conversion:\(id.uuidString.lowercased())"
        case .user(let id): "user:\(id.uuidString.lowercased())"
        case .doc(let id): "doc:\(id.uuidString.lowercased())"
        }
    }
}

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

/// Builds the server's messages: `{type, channel, id, data, ts}` (keys present when they apply).
enum Envelope {
    /// `ready` after authentication.
    static func ready(user: UUID, server: String, connection: String, limits: SocketLimits) -> String {
        object([
            "type": "ready", "ts": now(),
            "data": [
                "user": user.uuidString.lowercased(), "server": server, "connection": connection,
                "limits": [
                    "max_message_bytes": limits.maxMessageBytes, "messages_per_second": limits.ratePerSecond, "burst": limits.rateBurst,
                    "max_subscriptions": limits.maxSubscriptions, "idle_timeout_seconds": Int(limits.idleTimeout.components.seconds),
                ] as [String: Any],
            ] as [String: Any],
        ])
    }

    /// `ack` for a client's request (`id` is its correlation id as JSON text).
    static func ack(_ type: String, channel: String?, id: String?, data: [String: Any] = [:]) -> String {
        var fields: [String: Any] = ["type": "ack", "ts": now(), "data": data.merging(["for": type]) { old, _ in old }]
        if let channel { fields["channel"] = channel }
        return object(fields, rawID: id)
    }

    /// `error` with a code.
    static func error(_ error: ProtocolError, channel: String? = nil, id: String? = nil) -> String {
        var fields: [String: Any] = ["type": "error", "ts": now(), "data": ["code": error.code, "message": error.message]]
        if let channel { fields["channel"] = channel }
        return object(fields, rawID: id)
    }

    /// `pong` answering a `ping`.
    static func pong(id: String?) -> String { object(["type": "pong", "ts": now()], rawID: id) }

    /// An `event` carrying a published event's stored JSON text unchanged as `data`.
    static func event(channel: String, id: Int, publishedMs: Int64, json: String) -> String {
        "{\"type\":\"event\",\"channel\":\"\(channel)\",\"id\":\(id),\"ts\":\(publishedMs),\"data\":\(json)}"
    }

    /// An ephemeral message (`presence`, `cursor`) relayed from another client.
    static func relay(type: String, channel: String, from user: UUID, connection: String, data: JSONValue?) -> String {
        struct Relay: Encodable {
            let type: String, channel: String, ts: Int64, data: Payload
        }
        struct Payload: Encodable {
            let user: String, connection: String, value: JSONValue
        }
        let relay = Relay(type: type, channel: channel, ts: now(), data: Payload(user: user.uuidString.lowercased(), connection: connection, value: data ?? .null))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(relay)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    private static func object(_ fields: [String: Any], rawID: String? = nil) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        var text = String(decoding: data, as: UTF8.self)
        if let rawID {
            // The client's id goes back exactly as it came (a JSON string or number).
            text.removeLast()
            text += (fields.isEmpty ? "" : ",") + "\"id\":\(rawID)}"
        }
        return text
    }
}

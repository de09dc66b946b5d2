import Foundation

/// A message published on a Redis channel: one JSON object, encoded and decoded only here, so
/// publisher and subscriber cannot disagree on its shape.
public protocol ChannelMessage: Codable, Sendable {
    /// The channel the message travels on.
    var channel: ChannelName { get }

    /// The message's text on the wire; the default is the JSON object, keys sorted.
    var wireText: String { get }

    /// Reads a message as received. The default decodes the JSON form; a message whose earlier
    /// release sent another form also reads that one (replicas of both releases run side by side
    /// during a rolling update).
    static func decode(wire text: String) throws(WireMessageError) -> Self
}

extension ChannelMessage {
    public var wireText: String { WireCodec.encode(self) }

    public static func decode(wire text: String) throws(WireMessageError) -> Self {
        try WireCodec.decode(Self.self, from: text)
    }
}

/// Why a received message was not read.
public struct WireMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message type expected.
    public let expected: String
    /// What was wrong with it.
    public let reason: String

    public init(expected: String, reason: String) {
        self.expected = expected
        self.reason = reason
    }

    public var description: String { "not a \(expected): \(reason)" }
}

/// The one JSON encoder and decoder of wire messages.
public enum WireCodec {
    /// `message` as a JSON object text, keys sorted, slashes unescaped.
    public static func encode<Message: Encodable>(_ message: Message) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The wire types encode only strings, numbers, booleans and containers of them: encoding
        // cannot fail (a non-finite number would be the one way, and none has a Double).
        guard let data = try? encoder.encode(message) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes `text` as a `Message`. - Throws: ``WireMessageError`` naming the member at fault.
    public static func decode<Message: Decodable>(_ type: Message.Type, from text: String) throws(WireMessageError) -> Message {
        do {
            return try JSONDecoder().decode(Message.self, from: Data(text.utf8))
        } catch {
            throw WireMessageError(expected: String(describing: Message.self), reason: explain(error))
        }
    }

    static func explain(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            context.codingPath.isEmpty ? context.debugDescription
                : "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        default: "not one JSON object"
        }
    }
}

/// Lower-case UUIDs, the form every id takes on the wire.
extension KeyedEncodingContainer {
    mutating func encodeID(_ id: UUID, forKey key: Key) throws {
        try encode(id.uuidString.lowercased(), forKey: key)
    }
}

/// A session auth ended: realtime closes its sockets (`sessions:ended`).
///
/// Wire: `{"session_id","type":"session.ended"}`; the bare session id of the earlier release is read too.
public struct SessionEnded: ChannelMessage, Equatable {
    public var sessionID: UUID
    public var channel: ChannelName { .sessionsEnded }

    public init(sessionID: UUID) { self.sessionID = sessionID }

    enum CodingKeys: String, CodingKey { case type, sessionID = "session_id" }
    static let type = "session.ended"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try MessageType.expect(Self.type, in: container, forKey: .type)
        sessionID = try container.decode(UUID.self, forKey: .sessionID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.type, forKey: .type)
        try container.encodeID(sessionID, forKey: .sessionID)
    }

    public static func decode(wire text: String) throws(WireMessageError) -> SessionEnded {
        if let id = UUID(uuidString: text) { return SessionEnded(sessionID: id) }
        return try WireCodec.decode(Self.self, from: text)
    }
}

/// A user's access to a conversion ended (a collaborator removed), or everyone's (the conversion
/// deleted: `user` is `nil`): realtime ends the subscriptions to its channels (`access:revoked`).
///
/// Wire: `{"conversion_id","type":"access.revoked","user_id"}` (`user_id` null for everyone); the
/// earlier release's `{conversion}|{user}` / `{conversion}|*` is read too.
public struct AccessRevoked: ChannelMessage, Equatable {
    public var conversionID: UUID
    /// The user who lost access; `nil`: everyone.
    public var userID: UUID?
    public var channel: ChannelName { .accessRevoked }

    public init(conversionID: UUID, userID: UUID?) {
        self.conversionID = conversionID
        self.userID = userID
    }

    enum CodingKeys: String, CodingKey { case type, conversionID = "conversion_id", userID = "user_id" }
    static let type = "access.revoked"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try MessageType.expect(Self.type, in: container, forKey: .type)
        conversionID = try container.decode(UUID.self, forKey: .conversionID)
        userID = try container.decodeIfPresent(UUID.self, forKey: .userID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.type, forKey: .type)
        try container.encodeID(conversionID, forKey: .conversionID)
        if let userID { try container.encodeID(userID, forKey: .userID) } else { try container.encodeNil(forKey: .userID) }
    }

    public static func decode(wire text: String) throws(WireMessageError) -> AccessRevoked {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        if parts.count == 2, let conversion = UUID(uuidString: String(parts[0])) {
            if parts[1] == "*" { return AccessRevoked(conversionID: conversion, userID: nil) }
            if let user = UUID(uuidString: String(parts[1])) { return AccessRevoked(conversionID: conversion, userID: user) }
        }
        return try WireCodec.decode(Self.self, from: text)
    }
}

/// An account was deleted (the schema already cascaded): the conversion service sweeps the user's
/// uploads and results from disk (`events:user.deleted`).
///
/// Wire: `{"at","type":"user.deleted","user_id"}`.
public struct UserDeleted: ChannelMessage, Equatable {
    public var userID: UUID
    /// When auth deleted it (whole seconds).
    public var at: Date
    public var channel: ChannelName { .userDeleted }

    public init(userID: UUID, at: Date = Date()) {
        self.userID = userID
        self.at = Date(timeIntervalSince1970: at.timeIntervalSince1970.rounded(.down))
    }

    enum CodingKeys: String, CodingKey { case type, userID = "user_id", at }
    static let type = "user.deleted"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try MessageType.expect(Self.type, in: container, forKey: .type)
        userID = try container.decode(UUID.self, forKey: .userID)
        at = try WireDate.decode(container, forKey: .at)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.type, forKey: .type)
        try container.encodeID(userID, forKey: .userID)
        try container.encode(WireDate.text(at), forKey: .at)
    }
}

/// The `type` member a message must carry.
enum MessageType {
    static func expect<Key: CodingKey>(_ type: String, in container: KeyedDecodingContainer<Key>, forKey key: Key) throws {
        let found = try container.decode(String.self, forKey: key)
        guard found == type else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "is \"\(found)\", not \"\(type)\"")
        }
    }
}

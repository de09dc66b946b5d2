import Foundation

/// One committed edit of a conversion's collaborative document, on `doc:{conversion}`: published by
/// the conversion service (numbered by the database's sequence), forwarded by realtime to the
/// collaborators subscribed, and served again by `GET …/operations?since=` for catching up.
///
/// Wire: `{"type":"edit","seq","base_seq","author","path","ops","id","published_ms"}`; `ops` is
/// the JSON Patch as the database keeps it, carried verbatim (numbers keep every digit).
public struct DocumentEditEvent: Decodable, Sendable, Equatable {
    /// The edit's place in the document (also the event id on the channel).
    public var seq: Int
    /// The sequence the editor saw.
    public var baseSeq: Int
    public var author: UUID
    /// The add-on file edited.
    public var path: String
    /// The JSON Patch operations, as JSON text (an array).
    public var opsJSON: String
    /// When the edit was committed, in ms since 1970.
    public var publishedMs: Int64

    public init(seq: Int, baseSeq: Int, author: UUID, path: String, opsJSON: String, publishedMs: Int64) {
        self.seq = seq
        self.baseSeq = baseSeq
        self.author = author
        self.path = path
        self.opsJSON = opsJSON
        self.publishedMs = publishedMs
    }

    /// The event as stored and replayed (`GET …/operations?since=`, a subscriber catching up from
    /// the database): built by hand so `ops` travels as stored, byte for byte.
    public var wireText: String {
        String(unstampedText.dropLast()) + ",\"id\":\(seq),\"published_ms\":\(publishedMs)}"
    }

    /// The event as published: the event channel appends `id` (= `seq`) and `published_ms`.
    public var unstampedText: String {
        "{\"type\":\"edit\",\"seq\":\(seq),\"base_seq\":\(baseSeq),\"author\":\"\(author.uuidString.lowercased())\",\"path\":\(JSONText.quote(path)),\"ops\":\(opsJSON)}"
    }

    enum CodingKeys: String, CodingKey {
        case type, id, seq, baseSeq = "base_seq", author, path, ops, publishedMs = "published_ms"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try MessageType.expect("edit", in: container, forKey: .type)
        seq = try container.decode(Int.self, forKey: .seq)
        baseSeq = try container.decode(Int.self, forKey: .baseSeq)
        author = try container.decode(UUID.self, forKey: .author)
        path = try container.decode(String.self, forKey: .path)
        opsJSON = WireCodec.encode(try container.decode([JSONValue].self, forKey: .ops))
        publishedMs = try container.decode(Int64.self, forKey: .publishedMs)
    }
}

/// What the event channel adds to every event it stores and publishes (`conversion:`, `user:` and
/// `doc:` channels): the event's number on the channel and Redis' clock at publication.
public struct EventStamp: Decodable, Sendable, Equatable {
    public var id: Int
    /// ms since 1970; 0 when absent.
    public var publishedMs: Int64

    enum CodingKeys: String, CodingKey { case id, publishedMs = "published_ms" }

    public init(id: Int, publishedMs: Int64) {
        self.id = id
        self.publishedMs = publishedMs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        publishedMs = try container.decodeIfPresent(Int64.self, forKey: .publishedMs) ?? 0
    }

    /// The stamp of a stored event's text; `nil` when it has none (not a numbered event).
    public init?(event text: String) {
        guard let stamp = try? WireCodec.decode(Self.self, from: text) else { return nil }
        self = stamp
    }
}

/// An ephemeral client message (`cursor`, `presence`) one realtime replica relays to the others on
/// a resource channel: `~{connection}|{envelope}` — not JSON at the front, so it is never taken for
/// a numbered event, and the sender's connection id lets its own replica skip it.
public struct RelayFrame: Sendable, Equatable {
    /// The first byte of every relay frame.
    public static let marker = UInt8(ascii: "~")
    /// The sending connection.
    public var connection: String
    /// The envelope to deliver to the channel's other sockets (a JSON object text).
    public var envelope: String

    public init(connection: String, envelope: String) {
        self.connection = connection
        self.envelope = envelope
    }

    /// The frame's text on the wire.
    public var wireText: String { "~\(connection)|\(envelope)" }

    /// Reads a frame; `nil` when `text` is not one.
    public init?(wire text: String) {
        guard text.utf8.first == Self.marker, let bar = text.firstIndex(of: "|") else { return nil }
        connection = String(text[text.index(after: text.startIndex)..<bar])
        envelope = String(text[text.index(after: bar)...])
    }
}

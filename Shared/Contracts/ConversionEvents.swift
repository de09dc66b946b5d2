import Foundation

/// Where a conversion job is (the `status` column of `conversions`, and the API's `status`).
public enum ConversionStatus: String, Codable, Sendable, CaseIterable {
    case queued, running, completed, failed, cancelled

    /// Whether the job has ended (it will not change again).
    public var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .completed, .failed, .cancelled: true
        }
    }
}

/// The step a conversion is at (the `stage` column and the events' `stage`): the engine's stages
/// between `queued` and one of the three endings.
public enum ProgressStage: String, Codable, Sendable, CaseIterable {
    case queued, analyzing, planning, converting, packaging, validating, completed, failed, cancelled
}

/// What a ``ProgressEvent`` tells.
public enum ProgressEventType: String, Codable, Sendable, CaseIterable {
    /// Accepted and waiting for a worker.
    case queued
    /// A worker moved the conversion on.
    case progress
    /// The add-on is ready (final).
    case completed
    /// The conversion failed (final).
    case failed
    /// The user cancelled it (final).
    case cancelled

    /// Whether this is the conversion's last event (also sent to the owner's `user:{id}` channel).
    public var isFinal: Bool {
        switch self {
        case .queued, .progress: false
        case .completed, .failed, .cancelled: true
        }
    }
}

/// One event on `conversion:{id}` (and, when final, `user:{owner}`): published by the conversion
/// service, forwarded by realtime to the sockets subscribed, kept in the channel's history.
///
/// Wire form: `{"conversion_id","counts"?,"message","percent","stage","ts","type"}` (keys sorted;
/// `ts` ISO 8601 in seconds; `counts` only when there are some). The event channel adds `id` and
/// `published_ms` when it stores and publishes it; decoding ignores them.
public struct ProgressEvent: ChannelMessage, Equatable {
    public var type: ProgressEventType
    public var conversionID: UUID
    public var stage: ProgressStage
    /// 0…100.
    public var percent: Int
    /// A sentence for people.
    public var message: String
    /// When the publisher made it (whole seconds).
    public var timestamp: Date
    /// Features by outcome (`converted`, `approximated`, …) on completion; empty otherwise.
    public var counts: [String: Int]

    public init(type: ProgressEventType, conversionID: UUID, stage: ProgressStage, percent: Int, message: String,
                timestamp: Date = Date(), counts: [String: Int] = [:]) {
        self.type = type
        self.conversionID = conversionID
        self.stage = stage
        self.percent = min(max(percent, 0), 100)
        self.message = message
        self.timestamp = Date(timeIntervalSince1970: timestamp.timeIntervalSince1970.rounded(.down))
        self.counts = counts
    }

    /// The channel it is published on (a final event goes to the owner's `user:{id}` as well).
    public var channel: ChannelName { .conversion(conversionID) }

    enum CodingKeys: String, CodingKey {
        case type, conversionID = "conversion_id", stage, percent, message, timestamp = "ts", counts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(ProgressEventType.self, forKey: .type)
        conversionID = try container.decode(UUID.self, forKey: .conversionID)
        stage = try container.decode(ProgressStage.self, forKey: .stage)
        percent = try container.decode(Int.self, forKey: .percent)
        message = try container.decode(String.self, forKey: .message)
        timestamp = try WireDate.decode(container, forKey: .timestamp)
        counts = try container.decodeIfPresent([String: Int].self, forKey: .counts) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(conversionID.uuidString.lowercased(), forKey: .conversionID)
        try container.encode(stage, forKey: .stage)
        try container.encode(percent, forKey: .percent)
        try container.encode(message, forKey: .message)
        try container.encode(WireDate.text(timestamp), forKey: .timestamp)
        if !counts.isEmpty { try container.encode(counts, forKey: .counts) }
    }
}

/// Dates on the wire: ISO 8601 in UTC, whole seconds (`2026-12-06T18:40:00Z`).
enum WireDate {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "\(key.stringValue) is not an ISO 8601 date")
        }
        return date
    }
}

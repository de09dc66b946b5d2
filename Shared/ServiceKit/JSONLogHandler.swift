#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Contracts
import Foundation
import Logging

/// Writes one JSON object per line to standard output:
/// `{"ts":"…","level":"info","service":"auth","message":"…","request_id":"…",…}`.
///
/// Metadata keys become top-level fields; nested values are rendered as text.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    /// Adds the current context's fields to every line (the trace and span ids).
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let service: String

    public init(label: String, service: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
        source: String, file: String, function: String, line: UInt
    ) {
        // Later sources win for a repeated key: explicit metadata over the logger's over the provider's.
        var fields: [(key: String, rank: Int, value: Logger.Metadata.Value)] = []
        for (key, value) in metadataProvider?.get() ?? [:] { fields.append((key, 0, value)) }
        for (key, value) in self.metadata { fields.append((key, 1, value)) }
        for (key, value) in explicit ?? [:] { fields.append((key, 2, value)) }
        fields.sort { $0.key != $1.key ? $0.key < $1.key : $0.rank < $1.rank }
        var line = "{\"ts\":\"" + Self.timestamp() + "\",\"level\":\"" + level.rawValue + "\",\"service\":"
        line += Self.quote(service) + ",\"logger\":" + Self.quote(label) + ",\"message\":" + Self.quote(message.description)
        for (index, field) in fields.enumerated() where !Self.reserved.contains(field.key) {
            if index + 1 < fields.count && fields[index + 1].key == field.key { continue }
            line += "," + Self.quote(field.key) + ":" + Self.quote(Self.render(field.value))
        }
        line += "}\n"
        LogWriter.shared.write(line, urgent: level >= .warning)
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        case .dictionary(let values): "{" + values.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }

    /// The fields every line has; metadata of the same name is left out.
    private static let reserved: Set<String> = ["ts", "level", "service", "logger", "message"]

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(now.tv_nsec / 1_000_000)
        // yyyy-mm-ddThh:mm:ss.mmmZ, written digit by digit.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                for _ in 0..<width {
                    buffer[index] = UInt8(ascii: "0") + UInt8((value / divisor) % 10)
                    index += 1
                    divisor /= 10
                }
            }
            func put(_ byte: Character) {
                buffer[index] = byte.asciiValue ?? 0
                index += 1
            }
            put(Int(parts.tm_year) + 1900, 4); put("-"); put(Int(parts.tm_mon) + 1, 2); put("-"); put(Int(parts.tm_mday), 2); put("T")
            put(Int(parts.tm_hour), 2); put(":"); put(Int(parts.tm_min), 2); put(":"); put(Int(parts.tm_sec), 2); put("."); put(millis, 3); put("Z")
            return index
        }
    }
}

/// One reply from Redis, as the RESP2 protocol defines it.
public enum RESPValue: Sendable, Equatable {
    /// A simple status string such as `OK` or `PONG`.
    case status(String)
    /// An error reply, e.g. `NOSCRIPT No matching script`.
    case error(String)
    /// A signed 64-bit integer.
    case integer(Int64)
    /// A binary-safe bulk string.
    case bulk([UInt8])
    /// A null bulk string or null array.
    case null
    /// An array of replies (nested arrays allowed).
    case array([RESPValue])

    /// The value as text: status, bulk (decoded as UTF-8) or integer; `nil` otherwise.
    public var string: String? {
        switch self {
        case .status(let text): text
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        default: nil
        }
    }

    /// The value as an integer: integer replies, or bulk/status text holding digits.
    public var integer: Int64? {
        switch self {
        case .integer(let number): number
        case .bulk, .status: string.flatMap { Int64($0) }
        default: nil
        }
    }

    /// The elements of an array reply, `nil` for anything else.
    public var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}

/// An argument of a Redis command: text or raw bytes.
public struct RESPArgument: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The argument's bytes as sent on the wire.
    public let bytes: [UInt8]

    public init(_ string: String) { self.bytes = Array(string.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init<Number: BinaryInteger>(_ number: Number) { self.bytes = Array(String(number).utf8) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(value) }
}

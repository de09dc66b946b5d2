/// Parses JSON the way Minecraft reads it (Gson's lenient mode), within limits.
///
/// Accepted beyond strict JSON: `//`, `/* */` and `#` comments, trailing commas, single-quoted
/// strings, unquoted object keys, a leading byte-order mark, and — as Minecraft's own reader
/// (`GsonHelper`, which reads one value and stops) — content after the document, which is ignored;
/// a member named twice keeps its first place and its last value (Gson's map). Refused with a precise position:
/// anything else malformed, nesting deeper than ``maxDepth``, input larger than ``maxBytes``
/// (checked before parsing, so 50 MB of whitespace costs nothing).
public struct LenientJSONParser: Sendable {
    /// The deepest nesting of arrays and objects allowed.
    public var maxDepth: Int
    /// The largest input accepted, in bytes.
    public var maxBytes: Int

    public init(maxDepth: Int = 64, maxBytes: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Parses one JSON document from UTF-8 bytes.
    /// - Throws: ``JSONParseError`` with the line and column of the problem.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= maxBytes else {
            throw JSONParseError(line: 1, column: 1, message: "document is \(bytes.count) bytes; the limit is \(maxBytes)")
        }
        var cursor = Cursor(bytes: Array(bytes), maxDepth: maxDepth)
        if cursor.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { cursor.index = 3 }
        return try cursor.value(depth: 0)
    }
}

/// Where and why a JSON document could not be read.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based column (in bytes) of the problem.
    public let column: Int
    /// What is wrong there.
    public let message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}

private struct Cursor {
    let bytes: [UInt8]
    let maxDepth: Int
    var index = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func error(_ message: String) -> JSONParseError {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return JSONParseError(line: line, column: column, message: message)
    }

    mutating func skipTrivia() throws(JSONParseError) {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "#"):
                while let next = current, next != 0x0A { _ = next; index += 1 }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while let next = current, next != 0x0A { _ = next; index += 1 }
            case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = index
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                guard index + 1 < bytes.count else {
                    index = start
                    throw error("comment is never closed")
                }
                index += 2
            default:
                return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        try skipTrivia()
        guard let byte = current else { throw error("unexpected end of document") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default:
            let word = bareWord()
            switch word {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            case "": throw error("unexpected character '\(Self.show(byte))'")
            default: return .string(word)
            }
        }
    }

    mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        var members: [JSONMember] = []
        var positions: [String: Int] = [:]
        while true {
            try skipTrivia()
            guard let byte = current else { throw error("object is never closed") }
            if byte == UInt8(ascii: "}") { index += 1; return .object(members) }
            let key: String
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                key = try string()
            } else {
                key = bareWord()
                guard !key.isEmpty else { throw error("expected a member name, found '\(Self.show(byte))'") }
            }
            try skipTrivia()
            guard current == UInt8(ascii: ":") || current == UInt8(ascii: "=") else { throw error("expected ':' after \"\(key.prefix(40))\"") }
            index += 1
            let member = JSONMember(key: key, value: try value(depth: depth))
            if let earlier = positions[key] {
                members[earlier] = member
            } else {
                positions[key] = members.count
                members.append(member)
            }
            try skipTrivia()
            switch current {
            case UInt8(ascii: ","), UInt8(ascii: ";"): index += 1
            case UInt8(ascii: "}"): continue
            case nil: throw error("object is never closed")
            default: throw error("expected ',' or '}' in object")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        var values: [JSONValue] = []
        while true {
            try skipTrivia()
            guard let byte = current else { throw error("array is never closed") }
            if byte == UInt8(ascii: "]") { index += 1; return .array(values) }
            values.append(try value(depth: depth))
            try skipTrivia()
            switch current {
            case UInt8(ascii: ","), UInt8(ascii: ";"): index += 1
            case UInt8(ascii: "]"): continue
            case nil: throw error("array is never closed")
            default: throw error("expected ',' or ']' in array")
            }
        }
    }

    mutating func string() throws(JSONParseError) -> String {
        let quote = bytes[index]
        let start = index
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = current else {
                index = start
                throw error("string is never closed")
            }
            index += 1
            if byte == quote { break }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = current else { continue }
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"): out.append(contentsOf: Array(String(try unicodeEscape()).utf8))
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                default:
                    index -= 1
                    throw error("unknown escape '\\\(Self.show(escaped))'")
                }
            } else {
                out.append(byte)
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    mutating func unicodeEscape() throws(JSONParseError) -> Character {
        func hex() throws(JSONParseError) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw error("\\u must be followed by four hex digits")
            }
            index += 4
            return value
        }
        let first = try hex()
        if (0xD800...0xDBFF).contains(first), current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
            index += 2
            let second = try hex()
            if (0xDC00...0xDFFF).contains(second), let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) {
                return Character(scalar)
            }
            throw error("invalid surrogate pair")
        }
        guard let scalar = Unicode.Scalar(first) else { throw error("lone surrogate \\u\(String(first, radix: 16))") }
        return Character(scalar)
    }

    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        while let byte = current, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            index = start
            throw error("\"\(text.prefix(40))\" is not a number")
        }
        return .number(number)
    }

    /// An unquoted word (Gson's lenient names and strings): letters, digits, `_ - . $` and non-ASCII.
    mutating func bareWord() -> String {
        let start = index
        while let byte = current, Self.isWordByte(byte) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte >= 0x80
            || [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "$")].contains(byte)
    }

    static func show(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}

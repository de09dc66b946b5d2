import Foundation

/// A Minecraft resource location, `namespace:path`, as Java writes it (`minecraft:` by default).
public struct ResourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var path: String

    public init(namespace: String, path: String) {
        self.namespace = namespace
        self.path = path
    }

    /// Parses `ns:path` or `path` (namespace `defaultNamespace`). 1.12 writes `ns:blocks/x`; a
    /// leading `#` (tag) is not part of the location and must be removed first.
    public init?(_ text: String, defaultNamespace: String = "minecraft") {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return nil }
        if let colon = trimmed.firstIndex(of: ":") {
            namespace = String(trimmed[..<colon]).lowercased()
            path = String(trimmed[trimmed.index(after: colon)...])
        } else {
            namespace = defaultNamespace
            path = trimmed
        }
        guard !namespace.isEmpty, !path.isEmpty, Self.isSafe(namespace), Self.isSafe(path) else { return nil }
    }

    /// Whether a location part can become a pack path: lower-case letters, digits, `_-./`, no `..`.
    static func isSafe(_ part: String) -> Bool {
        guard !part.utf8.containsDoubled(UInt8(ascii: ".")), !part.hasPrefix("/") else { return false }
        return part.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".", "/": true
            default: false
            }
        }
    }

    public var description: String { "\(namespace):\(path)" }
    /// The last path component (`block/ruby_block` → `ruby_block`).
    public var name: String { path.split(separator: "/").last.map(String.init) ?? path }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

/// Foundation's `.whitespaces`, made once (its getter builds a set on every call on Linux).
private let foundationWhitespaces = CharacterSet.whitespaces

extension StringProtocol {
    /// The text without leading and trailing spaces — exactly what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` removes — without its bridging: ids, model texture
    /// references and conditions are trimmed by the thousand. ASCII (a space or a tab) is decided
    /// inline; any other scalar by Foundation's own set.
    var trimmingSpaces: String {
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || scalar == "\t" : foundationWhitespaces.contains(scalar)
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        if first == scalars.startIndex, scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

extension Sequence where Element == UInt8 {
    /// Whether `byte` occurs twice in a row (`..` in a path).
    func containsDoubled(_ byte: UInt8) -> Bool {
        var previous: UInt8?
        for element in self {
            if element == byte, previous == byte { return true }
            previous = element
        }
        return false
    }
}

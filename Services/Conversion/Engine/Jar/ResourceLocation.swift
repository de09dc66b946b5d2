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
        let trimmed = text.trimmingCharacters(in: .whitespaces)
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
        guard !part.contains(".."), !part.hasPrefix("/") else { return false }
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

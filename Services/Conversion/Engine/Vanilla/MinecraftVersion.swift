/// A Java Edition version as mods name it (`1.20.1`, `1.12.2`, `1.7.10`), compared numerically.
public struct MinecraftVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// The numbers of the version, at least two (`[1, 20, 1]`).
    public let parts: [Int]

    /// Reads the first version in `text`: `1.20.1`, `[1.20.1,1.21)`, `~1.20`, `>=1.19.2`, `1.21.x`.
    /// `nil` when there is none starting with `1.`.
    public init?(_ text: String) {
        var best: [Int]?
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == "1", text[index...].hasPrefix("1.") else {
                index = text.index(after: index)
                continue
            }
            if index > text.startIndex, text[text.index(before: index)].isNumber {
                index = text.index(after: index)
                continue
            }
            var numbers: [Int] = []
            var digits = ""
            var cursor = index
            while cursor < text.endIndex, text[cursor].isNumber || text[cursor] == "." {
                if text[cursor] == "." {
                    if let number = Int(digits) { numbers.append(number) } else { break }
                    digits = ""
                } else {
                    digits.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            if let number = Int(digits) { numbers.append(number) }
            if numbers.count >= 2, numbers[1] < 100 {
                best = numbers
                break
            }
            index = cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        guard let best else { return nil }
        parts = best
    }

    public init(_ parts: [Int]) {
        self.parts = parts
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        for index in 0..<max(lhs.parts.count, rhs.parts.count) {
            let left = index < lhs.parts.count ? lhs.parts[index] : 0
            let right = index < rhs.parts.count ? rhs.parts[index] : 0
            if left != right { return left < right }
        }
        return false
    }

    /// The version a resource pack format was introduced with (`pack.mcmeta` `pack_format`).
    static func fromPackFormat(_ format: Int) -> MinecraftVersion? {
        let table: [(Int, [Int])] = [
            (1, [1, 8]), (2, [1, 10]), (3, [1, 12]), (4, [1, 14]), (5, [1, 15]), (6, [1, 16, 2]), (7, [1, 17]), (8, [1, 18]),
            (9, [1, 19]), (12, [1, 19, 3]), (13, [1, 19, 4]), (15, [1, 20]), (18, [1, 20, 2]), (22, [1, 20, 3]), (32, [1, 20, 5]),
            (34, [1, 21]), (42, [1, 21, 2]), (46, [1, 21, 4]), (55, [1, 21, 5]),
        ]
        guard format > 0 else { return nil }
        return table.last { $0.0 <= format }.map { MinecraftVersion($0.1) }
    }
}

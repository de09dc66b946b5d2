/// What the Bedrock version the add-on targets (`ConversionOptions.minEngineVersion`) lets a block
/// use, and the format version a block file must declare for it. One place for these gates.
///
/// | feature | needs |
/// |---|---|
/// | `tint_method` on material instances (biome-coloured faces) | 1.21.80 |
/// | `minecraft:connection` trait (fences, panes, walls connect) | 1.26.0 |
/// | `minecraft:corner_and_cardinal_direction`, `minecraft:support` (stairs corner) | 1.26.0 |
/// | `minecraft:multi_block` trait (two-block doors) | 1.26.40 |
///
/// A block using none of them is written at ``baseBlockFormat``; one that does, at the lowest format
/// that has all it uses. The manifests' `min_engine_version` is the target itself, so a player whose
/// game is older is told by the game, not shown a broken block.
struct BedrockTarget: Sendable {
    let engine: [Int]

    /// The pinned block and item format when no newer feature is used.
    static let baseBlockFormat = [1, 21, 40]
    static let tintFormat = [1, 21, 80]
    static let connectionFormat = [1, 26, 0]
    static let multiBlockFormat = [1, 26, 40]

    init(engine: [Int]) {
        self.engine = engine
    }

    var tintMethod: Bool { Self.atLeast(engine, Self.tintFormat) }
    var connections: Bool { Self.atLeast(engine, Self.connectionFormat) }
    var cornerStairs: Bool { Self.atLeast(engine, Self.connectionFormat) }
    var multiBlock: Bool { Self.atLeast(engine, Self.multiBlockFormat) }

    /// The format version text for a block needing at least `format`.
    static func formatText(_ format: [Int]) -> String { format.map(String.init).joined(separator: ".") }

    /// The later of two versions.
    static func later(_ a: [Int], _ b: [Int]) -> [Int] { atLeast(a, b) ? a : b }

    static func atLeast(_ version: [Int], _ minimum: [Int]) -> Bool {
        for index in 0..<max(version.count, minimum.count) {
            let left = index < version.count ? version[index] : 0
            let right = index < minimum.count ? minimum[index] : 0
            if left != right { return left > right }
        }
        return true
    }
}

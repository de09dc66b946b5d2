/// The kinds of block Bedrock has native machinery for, told from a blockstate's properties (the
/// same properties vanilla's stairs, slabs, doors, trapdoors, fence gates, fences, panes and walls
/// use, which mods copy).
enum BlockShape: Equatable {
    case plain
    /// `facing` + `half` (top/bottom) + `shape` (straight, inner_/outer_ left/right).
    case stairs
    /// `type` (bottom/top/double).
    case slab
    /// `facing` + `half` (lower/upper) + `hinge` + `open`.
    case door
    /// `facing` + `half` (top/bottom) + `open`, no `hinge`.
    case trapdoor
    /// `facing` + `open` + `in_wall`.
    case fenceGate
    /// Multipart `north`/`east`/`south`/`west` connections (`true|false`: fences, panes, bars;
    /// `none|low|tall` + `up`: walls).
    case connecting(wall: Bool)

    static let cardinal: Set<String> = ["north", "east", "south", "west"]

    /// The kind of `definition` (of the block named `name`: a `…stairs` block without a `shape`
    /// property is still stairs).
    static func detect(_ definition: BlockStateDefinition, name: String = "") -> BlockShape {
        let properties = Dictionary(definition.properties.map { ($0.name, Set($0.values)) }) { first, _ in first }
        func has(_ name: String, within values: Set<String>) -> Bool { properties[name].map { $0.isSubset(of: values) } ?? false }
        let facing = has("facing", within: cardinal)
        if facing, has("half", within: ["top", "bottom"]),
           has("shape", within: ["straight", "inner_left", "inner_right", "outer_left", "outer_right"]) || (properties["shape"] == nil && name.hasSuffix("stairs")) {
            return .stairs
        }
        if has("type", within: ["top", "bottom", "double"]), properties["type"]?.isSuperset(of: ["top", "bottom"]) == true { return .slab }
        if facing, has("half", within: ["upper", "lower"]), properties["hinge"] != nil, properties["open"] != nil { return .door }
        if facing, has("half", within: ["top", "bottom"]), properties["open"] != nil, properties["hinge"] == nil { return .trapdoor }
        if facing, properties["open"] != nil, properties["in_wall"] != nil { return .fenceGate }
        if !definition.parts.isEmpty {
            // Connections on two or more sides; other properties (a hedge's `extend`) stay states.
            let directions = cardinal.filter { properties[$0] != nil }
            if directions.count >= 2 {
                if directions.allSatisfy({ has($0, within: ["true", "false"]) }) { return .connecting(wall: false) }
                if directions.allSatisfy({ has($0, within: ["none", "low", "tall"]) }) { return .connecting(wall: true) }
            }
        }
        return .plain
    }

    /// Whether Java sets `facing` to the way the player looks (stairs, doors, gates) rather than
    /// towards the player (furnaces and most directional blocks): Bedrock's `cardinal_direction` is
    /// the player's look, turned by `y_rotation_offset`.
    var facesWithPlayer: Bool {
        switch self {
        case .stairs, .door, .fenceGate: true
        default: false
        }
    }
}

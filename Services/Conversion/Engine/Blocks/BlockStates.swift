/// How a block's Java properties become Bedrock: traits the game sets on placement (direction,
/// half, stairs corners, connections, two-block parts), custom states with the Java values, or
/// nothing (properties that change nothing drawn), and the Molang that tests them.
struct BlockStates {
    enum Mapping: Equatable {
        case cardinal
        case facing
        case axis
        case verticalHalf
        /// A slab's `type`: `top`/`bottom` by the vertical half, `double` by the custom state named.
        case slabType(double: String)
        /// A stairs `shape` → `minecraft:corner`.
        case corner
        /// A door's `half` → `minecraft:multi_block_part` (lower 0, upper 1).
        case multiBlockPart
        /// A connection towards `direction` → `minecraft:connection_<direction>`.
        case connection(String)
        case custom(String)
        /// Not carried: the value changes nothing Bedrock draws, or cannot be carried (named in notes).
        case dropped
    }

    private(set) var mappings: [String: Mapping] = [:]
    /// Custom states, in first-seen order.
    private(set) var states: [JSONMember] = []
    /// Traits, by name.
    private(set) var traits: [String: [JSONMember]] = [:]
    /// Components the shape needs (`minecraft:support`, tags, `minecraft:movable`).
    private(set) var components: [JSONMember] = []
    /// Report lines: what the player cannot do with the block as in Java.
    private(set) var notes: [String] = []
    /// The lowest block format the traits need.
    private(set) var format = BedrockTarget.baseBlockFormat

    init(_ definition: BlockStateDefinition, block: ResourceLocation, shape: BlockShape, target: BedrockTarget) {
        let namespace = block.namespace
        var placementDirection: [String] = []
        var placementPosition: [String] = []
        for (name, values) in definition.properties {
            let valueSet = Set(values)
            if !Self.matters(name, in: definition) {
                mappings[name] = .dropped
                continue
            }
            switch (name, shape) {
            case ("facing", _) where valueSet.isSubset(of: BlockShape.cardinal), ("horizontal_facing", _) where valueSet.isSubset(of: BlockShape.cardinal):
                mappings[name] = .cardinal
                placementDirection.append(shape == .stairs && target.cornerStairs ? "minecraft:corner_and_cardinal_direction" : "minecraft:cardinal_direction")
            case ("facing", _) where valueSet.isSubset(of: BlockShape.cardinal.union(["up", "down"])):
                mappings[name] = .facing
                placementDirection.append("minecraft:facing_direction")
            case ("axis", _) where valueSet.isSubset(of: ["x", "y", "z"]):
                mappings[name] = .axis
                placementPosition.append("minecraft:block_face")
            case ("shape", .stairs):
                if target.cornerStairs {
                    mappings[name] = .corner
                } else {
                    mappings[name] = .dropped
                    notes.append("stairs: straight only; corners form from Bedrock 1.26.0 (minecraft:corner_and_cardinal_direction)")
                }
            case ("half", .door):
                if target.multiBlock {
                    mappings[name] = .multiBlockPart
                    traits["minecraft:multi_block"] = [
                        JSONMember(key: "enabled_states", value: .array([.string("minecraft:multi_block_part")])),
                        JSONMember(key: "parts", value: .number(2)), JSONMember(key: "direction", value: .string("up")),
                    ]
                    components.append(JSONMember(key: "minecraft:movable", value: .object([JSONMember(key: "movement_type", value: .string("popped"))])))
                    format = BedrockTarget.later(format, BedrockTarget.multiBlockFormat)
                } else {
                    mappings[name] = .dropped
                    notes.append("door: the lower half only; two-block doors need Bedrock 1.26.40 (minecraft:multi_block)")
                }
            case ("type", .slab):
                let double = "\(namespace):double"
                mappings[name] = .slabType(double: double)
                placementPosition.append("minecraft:vertical_half")
                if valueSet.contains("double") {
                    states.append(JSONMember(key: double, value: .array([.bool(false), .bool(true)])))
                    notes.append("slab: a second slab placed on it does not merge into the double slab without a script; the double form is state \(double)")
                }
            case ("half", _) where valueSet.isSubset(of: ["top", "bottom", "upper", "lower"]):
                mappings[name] = .verticalHalf
                placementPosition.append("minecraft:vertical_half")
            case ("north", .connecting), ("east", .connecting), ("south", .connecting), ("west", .connecting):
                if target.connections {
                    mappings[name] = .connection(name)
                    traits["minecraft:connection"] = [JSONMember(key: "enabled_states", value: .array([.string("minecraft:cardinal_connections")]))]
                    format = BedrockTarget.later(format, BedrockTarget.connectionFormat)
                } else {
                    custom(name, values, namespace: namespace)
                    note("connections are not made by the game: they need Bedrock 1.26.0 (minecraft:connection); the sides are states set by a script")
                }
            case ("up", .connecting(wall: true)):
                mappings[name] = .dropped
                note("wall: the post is always drawn (Java hides it in straight runs)")
            default:
                custom(name, values, namespace: namespace)
                if name == "open" { note("opening and closing needs a script on Bedrock; the open form is state \(namespace):open") }
            }
        }
        if case .connecting(wall: true) = shape, target.connections { note("wall: tall sides are drawn low") }
        if !placementDirection.isEmpty {
            var members = [JSONMember(key: "enabled_states", value: .array(Array(Set(placementDirection)).sorted().map(JSONValue.string)))]
            members.append(JSONMember(key: "y_rotation_offset", value: .number(shape.facesWithPlayer ? 0 : 180)))
            if placementDirection.contains("minecraft:corner_and_cardinal_direction") {
                members.append(JSONMember(key: "blocks_to_corner_with", value: .array([.object([
                    JSONMember(key: "tags", value: .string("q.any_tag('minecraft:cornerable_stairs')")),
                ])])))
                components.append(JSONMember(key: "tag:minecraft:cornerable_stairs", value: .object([])))
                components.append(JSONMember(key: "minecraft:support", value: .object([JSONMember(key: "shape", value: .string("stair"))])))
                format = BedrockTarget.later(format, BedrockTarget.connectionFormat)
            }
            traits["minecraft:placement_direction"] = members
        }
        if !placementPosition.isEmpty, mappings.values.contains(.multiBlockPart) == false {
            traits["minecraft:placement_position"] = [JSONMember(key: "enabled_states", value: .array(Array(Set(placementPosition)).sorted().map(JSONValue.string)))]
        }
    }

    private mutating func custom(_ name: String, _ values: [String], namespace: String) {
        let state = "\(namespace):\(name)"
        mappings[name] = .custom(state)
        states.append(JSONMember(key: state, value: BlockStates.values(Array(values.prefix(16)))))
        if values.count > 16 { note("property \(name) has \(values.count) values; Bedrock states hold 16 (the first 16 are kept)") }
    }

    private mutating func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    /// Whether the look of the block depends on `property`: some variants or parts that differ in
    /// it differ in what they draw. `waterlogged` never matters (Bedrock draws water itself).
    static func matters(_ property: String, in definition: BlockStateDefinition) -> Bool {
        guard property != "waterlogged" else { return false }
        if !definition.parts.isEmpty { return true }
        guard let base = definition.variants.first else { return false }
        var looks: [[String: String]: BlockVariant] = [:]
        for variant in definition.variants where variant.condition[property] != nil {
            var others = variant.condition
            others[property] = nil
            if let seen = looks[others] {
                if !seen.looksLike(variant) { return true }
            } else {
                looks[others] = variant
            }
            // Forge v1 lists a property's values on their own, merged over the defaults.
            if others.isEmpty, !variant.looksLike(base) { return true }
        }
        return false
    }

    /// State values as Bedrock wants them: booleans, integers, or strings.
    static func values(_ values: [String]) -> JSONValue {
        if values.allSatisfy({ $0 == "true" || $0 == "false" }) { return .array([.bool(false), .bool(true)]) }
        if values.allSatisfy({ Int($0) != nil }) { return .array(values.compactMap(Int.init).sorted().map { .number(Double($0)) }) }
        return .array(values.map(JSONValue.string))
    }

    // MARK: - Molang

    /// The Molang condition for a variant's property values; `nil` when a value cannot be told
    /// apart on Bedrock (the variant is then left out), `""` when nothing is tested.
    func molang(_ condition: [String: String]) -> String? {
        var parts: [String] = []
        for (name, value) in condition.sorted(by: { $0.key < $1.key }) {
            guard let test = molang(name, value) else { return nil }
            if !test.isEmpty { parts.append(test) }
        }
        return parts.joined(separator: " && ")
    }

    /// The Molang for a multipart `when` tree; `"true"` for an unconditional part.
    func molang(_ condition: PartCondition) -> String {
        switch condition {
        case .always:
            return "true"
        case .test(let property, let values, let negated):
            let tests = values.map { molang(property, $0) ?? "false" }.map { $0.isEmpty ? "true" : $0 }
            let any = tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " || ") + ")"
            return negated ? "!(\(any))" : any
        case .all(let terms):
            return terms.isEmpty ? "true" : "(" + terms.map(molang).joined(separator: " && ") + ")"
        case .any(let terms):
            return terms.isEmpty ? "false" : "(" + terms.map(molang).joined(separator: " || ") + ")"
        }
    }

    /// The test for one property value: `nil` when it cannot be expressed, `""` when it always holds.
    private func molang(_ name: String, _ value: String) -> String? {
        switch mappings[name] {
        case .cardinal: return "q.block_state('minecraft:cardinal_direction') == '\(value)'"
        case .facing: return "q.block_state('minecraft:facing_direction') == '\(value)'"
        case .axis:
            let faces = value == "x" ? ["east", "west"] : value == "z" ? ["north", "south"] : ["up", "down"]
            return "(" + faces.map { "q.block_state('minecraft:block_face') == '\($0)'" }.joined(separator: " || ") + ")"
        case .verticalHalf:
            let half = value == "upper" ? "top" : value == "lower" ? "bottom" : value
            guard half == "top" || half == "bottom" else { return nil }
            return "q.block_state('minecraft:vertical_half') == '\(half)'"
        case .slabType(let double):
            if value == "double" { return "q.block_state('\(double)')" }
            guard value == "top" || value == "bottom" else { return nil }
            let single = "q.block_state('minecraft:vertical_half') == '\(value)'"
            return states.contains(where: { $0.key == double }) ? "\(single) && !q.block_state('\(double)')" : single
        case .corner:
            return "q.block_state('minecraft:corner') == '\(value == "straight" ? "none" : value)'"
        case .multiBlockPart:
            return "q.block_state('minecraft:multi_block_part') == \(value == "upper" ? 1 : 0)"
        case .connection(let direction):
            switch value {
            case "true", "low": return "q.block_state('minecraft:connection_\(direction)')"
            case "false", "none": return "!q.block_state('minecraft:connection_\(direction)')"
            default: return "false"
            }
        case .custom(let state):
            if value == "true" || value == "false" || Int(value) != nil { return "q.block_state('\(state)') == \(value)" }
            return "q.block_state('\(state)') == '\(value)'"
        case .dropped: return ""
        case nil: return nil
        }
    }
}

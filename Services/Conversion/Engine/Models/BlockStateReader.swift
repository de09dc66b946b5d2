import Foundation

/// One way a block can look: under which property values, with which model, turned how.
struct BlockVariant: Equatable {
    /// Property → value this variant applies to (empty: always).
    var condition: [String: String]
    var model: ResourceLocation?
    /// Forge blockstate v1 texture overrides, applied over the model's variables.
    var textureOverrides: [String: String]
    var x: Int
    var y: Int

    /// Whether two variants draw the same thing (model, textures and turn), whatever their condition.
    func looksLike(_ other: BlockVariant) -> Bool {
        model == other.model && textureOverrides == other.textureOverrides && x == other.x && y == other.y
    }
}

/// When a multipart part is drawn: Java's `when`, as a tree.
indirect enum PartCondition: Equatable {
    case always
    /// `property` has one of `values` (or, `negated`, none of them).
    case test(property: String, values: [String], negated: Bool)
    case all([PartCondition])
    case any([PartCondition])
}

/// One part of a multipart blockstate: the model it draws and when.
struct BlockPart: Equatable {
    var condition: PartCondition
    var variant: BlockVariant
}

/// A blockstate file read into properties and variants, whichever of the three formats it uses.
struct BlockStateDefinition: Equatable {
    /// Properties in first-seen order, each with its values in first-seen order.
    var properties: [(name: String, values: [String])]
    var variants: [BlockVariant]
    /// What the conversion cannot keep (random weights, multipart connections), for the report.
    var approximations: [String]
    /// A multipart blockstate's parts, in file order (empty for `variants` blockstates).
    var parts: [BlockPart] = []

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.properties.map(\.name) == rhs.properties.map(\.name) && lhs.properties.map(\.values) == rhs.properties.map(\.values)
            && lhs.variants == rhs.variants && lhs.approximations == rhs.approximations && lhs.parts == rhs.parts
    }

    /// The variant for the default state: the first one (Java lists `facing=north`-like defaults first
    /// in most mods; the choice is only the inventory look).
    var base: BlockVariant? { variants.first }
}

/// Reads vanilla `variants`, vanilla `multipart` and Forge v1 (`forge_marker`) blockstates.
enum BlockStateReader {
    struct Problem: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    static func read(_ json: JSONValue, resolver: ModelResolver) throws(Problem) -> BlockStateDefinition {
        if let ctm = json["ctm_textures"], let tile = ctm["empty"]?.stringValue ?? ctm["particle"]?.stringValue ?? ctm["center"]?.stringValue {
            // Athena's connected textures (Chipped and others) name `minecraft:block/air` as the model
            // and keep the textures beside it: a cube wearing the lone tile.
            let loader = json["athena:loader"]?.stringValue ?? "athena"
            return BlockStateDefinition(
                properties: [], variants: [BlockVariant(condition: [:], model: ResourceLocation(namespace: "minecraft", path: "block/cube_all"),
                                                        textureOverrides: ["all": tile, "particle": tile], x: 0, y: 0)],
                approximations: ["connected textures (\(loader)) drawn as their lone tile"])
        }
        if json["forge_marker"] != nil { return try forge(json, resolver: resolver) }
        if let variants = json["variants"]?.members { return vanilla(variants, resolver: resolver) }
        if let parts = json["multipart"]?.arrayValue { return multipart(parts, resolver: resolver) }
        throw Problem(description: "neither \"variants\", \"multipart\" nor \"forge_marker\"")
    }

    // MARK: - Vanilla

    private static func vanilla(_ members: [JSONMember], resolver: ModelResolver) -> BlockStateDefinition {
        var definition = BlockStateDefinition(properties: [], variants: [], approximations: [])
        for member in members where member.key != "inventory" {
            let condition = parseCondition(member.key)
            record(condition, in: &definition)
            var value = member.value
            if let choices = value.arrayValue {
                if choices.count > 1 { note("random model choice (\(choices.count) weighted models) → the first one", &definition) }
                guard let first = choices.first else { continue }
                value = first
            }
            definition.variants.append(variant(value, condition: condition, resolver: resolver))
        }
        return definition
    }

    /// Every part with its condition; `variants` holds the first unconditional part (or the first
    /// part) as the block's base look.
    private static func multipart(_ parts: [JSONValue], resolver: ModelResolver) -> BlockStateDefinition {
        var definition = BlockStateDefinition(properties: [], variants: [], approximations: [])
        for part in parts.prefix(maxParts) {
            var apply = part["apply"] ?? .null
            if let choices = apply.arrayValue {
                if choices.count > 1 { note("multipart: a random model choice (\(choices.count) weighted models) → the first one", &definition) }
                apply = choices.first ?? .null
            }
            let condition = part["when"].map { self.condition($0, definition: &definition, depth: 0) } ?? .always
            definition.parts.append(BlockPart(condition: condition, variant: variant(apply, condition: [:], resolver: resolver)))
        }
        if parts.count > maxParts { note("multipart: \(parts.count) parts; the first \(maxParts) are drawn", &definition) }
        if let base = definition.parts.first(where: { $0.condition == .always }) ?? definition.parts.first {
            definition.variants.append(base.variant)
        }
        return definition
    }

    /// Bedrock geometry bones are bounded: at most this many multipart parts are read.
    static let maxParts = 64

    /// A `when` object: its keys AND-ed; `OR`/`AND` lists; `a|b` values; a leading `!` negates.
    private static func condition(_ value: JSONValue, definition: inout BlockStateDefinition, depth: Int) -> PartCondition {
        guard depth < 8 else { return .always }
        var terms: [PartCondition] = []
        for member in value.members ?? [] {
            switch member.key {
            case "OR":
                terms.append(.any((member.value.arrayValue ?? []).map { condition($0, definition: &definition, depth: depth + 1) }))
            case "AND":
                terms.append(.all((member.value.arrayValue ?? []).map { condition($0, definition: &definition, depth: depth + 1) }))
            default:
                var text = member.value.stringValue ?? scalar(member.value)
                let negated = text.hasPrefix("!")
                if negated { text.removeFirst() }
                let values = text.split(separator: "|").map(String.init)
                for value in values { record([member.key: value], in: &definition) }
                terms.append(.test(property: member.key, values: values, negated: negated))
            }
        }
        return terms.count == 1 ? terms[0] : .all(terms)
    }

    // MARK: - Forge v1

    private static func forge(_ json: JSONValue, resolver: ModelResolver) throws(Problem) -> BlockStateDefinition {
        var definition = BlockStateDefinition(properties: [], variants: [], approximations: [])
        let defaults = json["defaults"] ?? .object([])
        let base = variant(defaults, condition: [:], resolver: resolver)
        var perProperty: [(property: String, value: String, settings: JSONValue)] = []
        var fullKeys: [(condition: [String: String], settings: JSONValue)] = []
        for member in json["variants"]?.members ?? [] {
            if member.key == "inventory" { continue }
            if member.key == "normal" || member.key.contains("=") || member.value.arrayValue != nil {
                let settings = member.value.arrayValue?.first ?? member.value
                fullKeys.append((member.key == "normal" ? [:] : parseCondition(member.key), settings))
            } else if let values = member.value.members {
                for value in values { perProperty.append((member.key, value.key, value.value)) }
            }
        }
        func merged(_ settings: JSONValue, into variant: BlockVariant) -> BlockVariant {
            let extra = self.variant(settings, condition: variant.condition, resolver: resolver)
            var result = variant
            if settings["model"] != nil { result.model = extra.model }
            result.textureOverrides.merge(extra.textureOverrides) { _, new in new }
            if settings["x"] != nil { result.x = extra.x }
            if settings["y"] != nil { result.y = extra.y }
            return result
        }
        definition.variants.append(base)
        for (condition, settings) in fullKeys {
            record(condition, in: &definition)
            var variant = merged(settings, into: base)
            variant.condition = condition
            if condition.isEmpty { definition.variants[0] = variant } else { definition.variants.append(variant) }
        }
        for (property, value, settings) in perProperty {
            record([property: value], in: &definition)
            var variant = merged(settings, into: definition.variants[0])
            variant.condition = [property: value]
            definition.variants.append(variant)
        }
        guard definition.variants[0].model != nil || definition.variants.contains(where: { $0.model != nil }) else {
            throw Problem(description: "Forge blockstate without any model")
        }
        if definition.variants[0].model == nil, let withModel = definition.variants.first(where: { $0.model != nil }) {
            definition.variants[0].model = withModel.model
        }
        return definition
    }

    // MARK: - Helpers

    private static func variant(_ value: JSONValue, condition: [String: String], resolver: ModelResolver) -> BlockVariant {
        // A reference without a folder (1.12 blockstates of both formats) names a block model.
        let model = value["model"]?.stringValue.flatMap { resolver.location($0, defaultFolder: "block") }
        var overrides: [String: String] = [:]
        for member in value["textures"]?.members ?? [] {
            if let text = member.value.stringValue { overrides[member.key] = text }
        }
        return BlockVariant(
            condition: condition, model: model, textureOverrides: overrides, x: normalised(value["x"]), y: normalised(value["y"]))
    }

    private static func normalised(_ value: JSONValue?) -> Int {
        let degrees = Int(value?.numberValue ?? 0)
        return ((degrees % 360) + 360) % 360 / 90 * 90
    }

    static func parseCondition(_ key: String) -> [String: String] {
        guard !key.isEmpty, key != "normal", key != "default" else { return [:] }
        var condition: [String: String] = [:]
        for pair in key.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(\.trimmingSpaces)
            if parts.count == 2 { condition[parts[0]] = parts[1] }
        }
        return condition
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): JSONWriter.format(number)
        default: ""
        }
    }

    private static func record(_ condition: [String: String], in definition: inout BlockStateDefinition) {
        for (name, value) in condition.sorted(by: { $0.key < $1.key }) {
            if let index = definition.properties.firstIndex(where: { $0.name == name }) {
                if !definition.properties[index].values.contains(value) { definition.properties[index].values.append(value) }
            } else {
                definition.properties.append((name, [value]))
            }
        }
    }

    private static func note(_ text: String, _ definition: inout BlockStateDefinition) {
        if !definition.approximations.contains(text) { definition.approximations.append(text) }
    }
}

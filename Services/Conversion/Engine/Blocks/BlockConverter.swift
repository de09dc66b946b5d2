import Foundation

/// Blocks: blockstates and models → `minecraft:block` definitions with geometry, material instances,
/// traits, states and permutations, plus `blocks.json` and the geometry files.
///
/// A `variants` blockstate gives one look per variant: the default state's in the components,
/// each other that looks different in a permutation (geometry, textures, turn). A `multipart`
/// blockstate gives one geometry with a bone per part and `bone_visibility` Molang from each part's
/// `when`. Properties become traits the game sets on placement where Bedrock has one (directions,
/// halves, stairs corners, fence/pane/wall connections, two-block doors), custom states otherwise
/// (see ``BlockStates`` and ``BlockShape``).
struct BlockConverter {
    let context: ConversionContext

    static let blocksJSONVersion: [Int] = [1, 1, 0]
    /// Distinct models (geometries) one block may have across its variants; the rest keep the default look.
    static let maxLooks = 128

    func run() {
        var blocksJSON: [JSONMember] = [JSONMember(key: "format_version", value: .array(Self.blocksJSONVersion.map { .number(Double($0)) }))]
        for id in context.blocks {
            let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.name)"
            if let sound = convert(id, bedrockID: bedrockID) {
                blocksJSON.append(JSONMember(key: bedrockID, value: .object([JSONMember(key: "sound", value: .string(sound))])))
            }
        }
        if blocksJSON.count > 1 { context.write(.object(blocksJSON), to: "blocks.json", behavior: false) }
    }

    /// Converts one block; returns its sound for `blocks.json`, or `nil` when it failed.
    private func convert(_ id: ResourceLocation, bedrockID: String) -> String? {
        guard var definition = definition(id, bedrockID: bedrockID) else { return nil }
        var approximations = definition.approximations
        if definition.variants.isEmpty {
            definition.variants = [standInVariant(id, approximations: &approximations)]
        }
        let target = BedrockTarget(engine: context.options.minEngineVersion)
        let shape = BlockShape.detect(definition, name: id.name)
        let states = BlockStates(definition, block: id, shape: shape, target: target)
        approximations += states.notes
        let looks = BlockLooks(context: context)
        var format = states.format
        var components: [JSONMember] = []
        var permutations: [JSONValue] = []
        let baseLook: BlockLooks.Look

        if definition.parts.isEmpty {
            definition.variants = Self.defaultFirst(definition.variants)
            let base = definition.variants[0]
            baseLook = looks.look(for: [.init(bone: "block", variant: base)], block: id, suffix: "", bakeTurns: false)
            components += Self.turn(base)
            var seen: Set<String> = []
            // Variants that differ only in their turn (or in a property the model ignores) share
            // one look: one geometry per distinct model and textures, at most `maxLooks` per block.
            var lookByModel: [String: BlockLooks.Look] = [:]
            var beyondCap = 0
            for (index, variant) in definition.variants.enumerated().dropFirst() {
                guard let condition = states.molang(variant.condition), !condition.isEmpty, seen.insert(condition).inserted else { continue }
                var members: [JSONMember] = []
                if !variant.looksLike(base) {
                    if variant.model != base.model || variant.textureOverrides != base.textureOverrides {
                        let modelKey = (variant.model?.description ?? "-") + "|" + variant.textureOverrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                        let look: BlockLooks.Look
                        if let known = lookByModel[modelKey] {
                            look = known
                        } else if lookByModel.count < Self.maxLooks {
                            look = looks.look(for: [.init(bone: "block", variant: variant)], block: id, suffix: "_v\(index)", bakeTurns: false)
                            lookByModel[modelKey] = look
                        } else {
                            beyondCap += 1
                            continue
                        }
                        format = BedrockTarget.later(format, look.format)
                        for problem in look.problems where !approximations.contains(problem) { approximations.append(problem) }
                        // From format 1.21.80 a permutation that changes one must give both.
                        members.append(JSONMember(key: "minecraft:geometry", value: .string(look.geometry)))
                        members.append(JSONMember(key: "minecraft:material_instances", value: Self.materialInstances(look)))
                        if let box = look.box { members += Self.boxes(box, cross: look.cross) }
                    }
                    if variant.x != base.x || variant.y != base.y { members += Self.turn(variant, always: true) }
                }
                guard !members.isEmpty else { continue }
                permutations.append(.object([JSONMember(key: "condition", value: .string(condition)), JSONMember(key: "components", value: .object(members))]))
            }
            if beyondCap > 0 {
                approximations.append("\(beyondCap) variant(s) beyond the first \(Self.maxLooks) distinct models of this block keep the default look")
            }
            if permutations.count != definition.variants.count - 1, definition.variants.count > 1 {
                let skipped = definition.variants.count - 1 - permutations.count
                if skipped > 0, definition.variants.dropFirst().contains(where: { states.molang($0.condition) == nil }) {
                    approximations.append("\(skipped) variant(s) depend on values Bedrock cannot tell apart; the default look stands in")
                }
            }
        } else {
            let parts = definition.parts.enumerated().map { BlockLooks.Part(bone: "part\($0.offset)", variant: $0.element.variant) }
            let always = Set(definition.parts.indices.filter { definition.parts[$0].condition == .always }.map { "part\($0)" })
            baseLook = looks.look(for: parts, block: id, suffix: "", bakeTurns: true, alwaysDrawn: always)
            var visibility: [JSONMember] = []
            for (index, part) in definition.parts.enumerated() where part.condition != .always && baseLook.bones.contains("part\(index)") {
                visibility.append(JSONMember(key: "part\(index)", value: .string(states.molang(part.condition))))
            }
            components.append(JSONMember(key: "minecraft:geometry", value: .object([
                JSONMember(key: "identifier", value: .string(baseLook.geometry)),
                JSONMember(key: "bone_visibility", value: .object(visibility)),
            ])))
        }
        approximations += baseLook.problems.filter { !approximations.contains($0) }
        format = BedrockTarget.later(format, baseLook.format)

        // Properties from registration code, or the defaults used (noted).
        let registered = context.registered(id.name)
        var notes: [String] = []
        let hardness = registered[.hardness] ?? {
            notes.append("hardness not found in the mod's code: 1.5 (stone) assumed")
            return 1.5
        }()
        let resistance = registered[.resistance] ?? {
            notes.append("blast resistance not found in the mod's code: 6 (stone) assumed")
            return 6
        }()
        var head = [
            hardness < 0
                ? JSONMember(key: "minecraft:destructible_by_mining", value: .bool(false))
                : JSONMember(key: "minecraft:destructible_by_mining", value: .object([
                    JSONMember(key: "seconds_to_destroy", value: .number((hardness * 1.5 * 100).rounded() / 100)),
                ])),
            JSONMember(key: "minecraft:destructible_by_explosion", value: .object([JSONMember(key: "explosion_resistance", value: .number(resistance))])),
        ]
        if let light = registered[.light], light > 0 {
            head.append(JSONMember(key: "minecraft:light_emission", value: .number(min(15, max(0, light.rounded())))))
        }
        if definition.parts.isEmpty { head.append(JSONMember(key: "minecraft:geometry", value: .string(baseLook.geometry))) }
        components = head + components
        components.append(JSONMember(key: "minecraft:material_instances", value: Self.materialInstances(baseLook)))
        if let box = baseLook.box { components += Self.boxes(box, cross: baseLook.cross) }
        if let lootPath = context.blockLoot[id] { components.append(JSONMember(key: "minecraft:loot", value: .string(lootPath))) }
        components += states.components
        if let tags = context.stations.tagsByBlock[id], !tags.isEmpty {
            components.append(JSONMember(key: "minecraft:crafting_table", value: .object([
                JSONMember(key: "crafting_tags", value: .array(tags.map(JSONValue.string))),
                JSONMember(key: "table_name", value: .string("tile.\(bedrockID).name")),
            ])))
        }

        var description: [JSONMember] = [
            JSONMember(key: "identifier", value: .string(bedrockID)),
            JSONMember(key: "menu_category", value: .object([JSONMember(key: "category", value: .string(baseLook.cross ? "nature" : "construction"))])),
        ]
        if !states.states.isEmpty { description.append(JSONMember(key: "states", value: .object(states.states))) }
        if !states.traits.isEmpty {
            description.append(JSONMember(key: "traits", value: .object(states.traits.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: .object($0.value)) })))
        }
        var block: [JSONMember] = [
            JSONMember(key: "description", value: .object(description)),
            JSONMember(key: "components", value: .object(components)),
        ]
        if !permutations.isEmpty { block.append(JSONMember(key: "permutations", value: .array(permutations))) }
        context.write(.object([
            JSONMember(key: "format_version", value: .string(BedrockTarget.formatText(format))),
            JSONMember(key: "minecraft:block", value: .object(block)),
        ]), to: "blocks/\(id.namespace)/\(id.name).json", behavior: true)
        context.writtenBlocks.insert(bedrockID)

        if approximations.isEmpty {
            context.add(.block, id.description, bedrockID, .converted, notes: notes)
        } else {
            let serious = approximations.contains { $0.contains("placeholder") || $0.contains("drawn by code") || $0.contains("stands in") }
            context.add(.block, id.description, bedrockID, .approximated, .init(
                standIn: approximations.joined(separator: "; "), reason: "Bedrock blocks cannot express this part of the Java block",
                impact: serious ? .medium : .low), notes: notes)
        }
        return Self.sound(for: id.name)
    }

    /// The look of a block the jar names (in its lang or loot tables) without a blockstate: its block
    /// model, else its item model when that has a shape, else its texture on a cube; none of them:
    /// no model (the placeholder).
    private func standInVariant(_ id: ResourceLocation, approximations: inout [String]) -> BlockVariant {
        for path in ["block/\(id.name)", "item/\(id.name)"] {
            let model = ResourceLocation(namespace: id.namespace, path: path)
            if case .success(let resolved) = context.resolver.resolve(model), case .elements = resolved.shape, !resolved.elements.isEmpty {
                if path.hasPrefix("item/") { approximations.append("no blockstate in the jar: the item model stands in") }
                return BlockVariant(condition: [:], model: model, textureOverrides: [:], x: 0, y: 0)
            }
        }
        for folder in ["block", "blocks"] {
            let texture = ResourceLocation(namespace: id.namespace, path: "\(folder)/\(id.name)")
            if context.contents.textures[texture] != nil {
                approximations.append("no blockstate or block model in the jar: a cube with its texture \(texture) stands in")
                return BlockVariant(condition: [:], model: ResourceLocation(namespace: "minecraft", path: "block/cube_all"),
                                    textureOverrides: ["all": texture.description, "particle": texture.description], x: 0, y: 0)
            }
        }
        return BlockVariant(condition: [:], model: nil, textureOverrides: [:], x: 0, y: 0)
    }

    /// The block's blockstate read, or `nil` after reporting it failed. No blockstate: an empty
    /// definition (the block model of the same name stands in).
    private func definition(_ id: ResourceLocation, bedrockID: String) -> BlockStateDefinition? {
        if let texture = context.stations.generated[id] {
            let types = (context.stations.tagsByBlock[id] ?? []).joined(separator: ", ")
            return BlockStateDefinition(
                properties: [], variants: [BlockVariant(condition: [:], model: ResourceLocation(namespace: "minecraft", path: "block/cube_all"),
                                                        textureOverrides: ["all": texture.description, "particle": texture.description], x: 0, y: 0)],
                approximations: ["a station block generated for the mod's \(types) recipes (the mod has no block named for that work), wearing \(texture)"])
        }
        guard let entry = context.contents.blockstates[id] else { return BlockStateDefinition(properties: [], variants: [], approximations: []) }
        guard let json = context.contents.json(entry) else {
            context.add(.block, id.description, bedrockID, .failed, .init(standIn: "nothing", reason: context.contents.problem(entry), impact: .high))
            return nil
        }
        do {
            return try BlockStateReader.read(json, resolver: context.resolver)
        } catch {
            context.add(.block, id.description, bedrockID, .failed, .init(standIn: "nothing", reason: "\(entry): \(error)", impact: .high))
            return nil
        }
    }

    /// The variants with the one for Java's usual default state first (`axis=y`, `facing=north`,
    /// bottom halves, straight, closed, unlit): it is the look of the block's item and the look
    /// permutations start from.
    static func defaultFirst(_ variants: [BlockVariant]) -> [BlockVariant] {
        let defaults: [String: Set<String>] = [
            "axis": ["y"], "facing": ["north"], "horizontal_facing": ["north"], "half": ["bottom", "lower"], "type": ["bottom"], "shape": ["straight"],
            "open": ["false"], "lit": ["false"], "powered": ["false"], "hinge": ["left"], "in_wall": ["false"], "waterlogged": ["false"],
        ]
        func score(_ variant: BlockVariant) -> Int {
            variant.condition.reduce(0) { total, pair in total + (defaults[pair.key]?.contains(pair.value) == true ? 1 : 0) }
        }
        guard let best = variants.indices.max(by: { score(variants[$0]) < score(variants[$1]) || (score(variants[$0]) == score(variants[$1]) && $0 > $1) }),
              best != 0, score(variants[best]) > score(variants[0]) else { return variants }
        var reordered = variants
        reordered.swapAt(0, best)
        return reordered
    }

    /// A variant's quarter turns as the block's transformation (Java turns x first, then y);
    /// `always` writes a zero turn too (a permutation undoing the default state's turn).
    static func turn(_ variant: BlockVariant, always: Bool = false) -> [JSONMember] {
        guard always || variant.x != 0 || variant.y != 0 else { return [] }
        return [JSONMember(key: "minecraft:transformation", value: .object([
            JSONMember(key: "rotation", value: .array([.number(Double(variant.x)), .number(Double((360 - variant.y) % 360)), .number(0)])),
        ]))]
    }

    static func materialInstances(_ look: BlockLooks.Look) -> JSONValue {
        var seen: Set<String> = []
        var members: [JSONMember] = []
        for (name, instance) in look.instances where seen.insert(name).inserted {
            var fields = [
                JSONMember(key: "texture", value: .string(instance.texture)),
                JSONMember(key: "render_method", value: .string(look.renderMethod)),
            ]
            if let tint = instance.tint { fields.append(JSONMember(key: "tint_method", value: .string(tint))) }
            members.append(JSONMember(key: name, value: .object(fields)))
        }
        return .object(members)
    }

    /// Collision and selection boxes from the geometry's bounds, clamped to the block (collision up
    /// to 24 px high, like a fence; selection 16).
    static func boxes(_ box: (origin: [Double], size: [Double]), cross: Bool) -> [JSONMember] {
        func clamped(_ high: [Double]) -> JSONValue {
            var origin = box.origin
            var size = box.size
            let low: [Double] = [-8, 0, -8]
            for axis in 0..<3 {
                let start = min(max(origin[axis], low[axis]), high[axis])
                let end = min(max(origin[axis] + size[axis], low[axis]), high[axis])
                origin[axis] = (start * 100).rounded() / 100
                size[axis] = (max(end - start, 0) * 100).rounded() / 100
            }
            if size.contains(0) { size = size.map { max($0, 1) } }
            return .object([
                JSONMember(key: "origin", value: .array(origin.map(JSONValue.number))),
                JSONMember(key: "size", value: .array(size.map(JSONValue.number))),
            ])
        }
        return [
            JSONMember(key: "minecraft:collision_box", value: cross ? .bool(false) : clamped([8, 24, 8])),
            JSONMember(key: "minecraft:selection_box", value: clamped([8, 16, 8])),
        ]
    }

    /// The block sound Bedrock plays, guessed from the name (stone unless it says otherwise).
    static func sound(for name: String) -> String {
        let guesses: [(String, String)] = [("glass", "glass"), ("planks", "wood"), ("log", "wood"), ("wood", "wood"), ("wool", "cloth"),
                                           ("sand", "sand"), ("gravel", "gravel"), ("dirt", "gravel"), ("grass", "grass"), ("leaves", "grass"),
                                           ("metal", "metal")]
        for (fragment, sound) in guesses where name.contains(fragment) { return sound }
        return "stone"
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}

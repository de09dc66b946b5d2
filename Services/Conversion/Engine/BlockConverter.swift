import Foundation

/// Blocks: blockstates and models → `minecraft:block` definitions with geometry, material instances,
/// states, traits and permutations, plus `blocks.json` and the geometry files.
struct BlockConverter {
    let context: ConversionContext

    /// Version pins for the files this stage writes.
    static let formatVersion = "1.21.40"
    static let blocksJSONVersion: [Int] = [1, 1, 0]

    /// How a Java property is carried to Bedrock.
    enum StateMapping: Equatable {
        case cardinal
        case facing
        case axis
        case verticalHalf
        case custom(String)
    }

    /// A model turned into what a Bedrock block needs to draw it.
    struct Look {
        var geometry: String
        var instances: [(name: String, key: String)]
        var renderMethod: String
        var box: (origin: [Double], size: [Double])?
        var problems: [String]
        var cross: Bool
    }

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
        var approximations: [String] = []
        var definition = BlockStateDefinition(properties: [], variants: [], approximations: [])
        if let entry = context.contents.blockstates[id] {
            guard let json = context.contents.json(entry) else {
                context.add(.block, id.description, bedrockID, .failed, .init(standIn: "nothing", reason: context.contents.problem(entry), impact: .high))
                return nil
            }
            do {
                definition = try BlockStateReader.read(json, resolver: context.resolver)
            } catch {
                context.add(.block, id.description, bedrockID, .failed, .init(standIn: "nothing", reason: "\(entry): \(error)", impact: .high))
                return nil
            }
            approximations += definition.approximations
        }
        if definition.variants.isEmpty {
            let model = ResourceLocation(namespace: id.namespace, path: "block/\(id.name)")
            definition.variants = [BlockVariant(condition: [:], model: context.contents.models[model] != nil ? model : nil, textureOverrides: [:], x: 0, y: 0)]
        }
        let base = definition.variants[0]
        let baseLook = look(for: base, block: id, suffix: "")
        approximations += baseLook.problems

        // States: traits for facing/axis/half, custom states for the rest.
        var mappings: [String: StateMapping] = [:]
        var states: [JSONMember] = []
        var traits: [String: [String]] = [:]
        let cardinal: Set<String> = ["north", "south", "east", "west"]
        for (name, values) in definition.properties {
            let valueSet = Set(values)
            if name == "facing" || name == "horizontal_facing", valueSet.isSubset(of: cardinal) {
                mappings[name] = .cardinal
                traits["minecraft:placement_direction", default: []].append("minecraft:cardinal_direction")
            } else if name == "facing", valueSet.isSubset(of: cardinal.union(["up", "down"])) {
                mappings[name] = .facing
                traits["minecraft:placement_direction", default: []].append("minecraft:facing_direction")
            } else if name == "axis", valueSet.isSubset(of: ["x", "y", "z"]) {
                mappings[name] = .axis
                traits["minecraft:placement_position", default: []].append("minecraft:block_face")
            } else if name == "type" || name == "half", valueSet.isSubset(of: ["top", "bottom", "double", "upper", "lower"]), valueSet.contains("top") {
                mappings[name] = .verticalHalf
                traits["minecraft:placement_position", default: []].append("minecraft:vertical_half")
                if valueSet.contains("double") { approximations.append("double slabs: Bedrock places a second slab as a separate block") }
            } else {
                let stateName = "\(id.namespace):\(name)"
                mappings[name] = .custom(stateName)
                states.append(JSONMember(key: stateName, value: Self.stateValues(Array(values.prefix(16)))))
                if values.count > 16 { approximations.append("property \(name) has \(values.count) values; Bedrock states hold 16") }
            }
        }
        // Permutations for variants that look different from the base.
        var permutations: [JSONValue] = []
        for (index, variant) in definition.variants.enumerated().dropFirst() {
            guard let condition = molang(variant.condition, mappings: mappings) else { continue }
            var components: [JSONMember] = []
            if variant.model != base.model || variant.textureOverrides != base.textureOverrides {
                let variantLook = look(for: variant, block: id, suffix: "_v\(index)")
                if variantLook.geometry != baseLook.geometry { components.append(JSONMember(key: "minecraft:geometry", value: .string(variantLook.geometry))) }
                components.append(JSONMember(key: "minecraft:material_instances", value: Self.materialInstances(variantLook)))
                if let box = variantLook.box, variantLook.geometry != baseLook.geometry {
                    components += Self.boxes(box, cross: variantLook.cross)
                }
            }
            if variant.x != 0 || variant.y != 0 {
                components.append(JSONMember(key: "minecraft:transformation", value: .object([
                    JSONMember(key: "rotation", value: .array([.number(Double(variant.x)), .number(Double((360 - variant.y) % 360)), .number(0)])),
                ])))
            }
            guard !components.isEmpty else { continue }
            permutations.append(.object([
                JSONMember(key: "condition", value: .string(condition)),
                JSONMember(key: "components", value: .object(components)),
            ]))
        }

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
        var components = [
            JSONMember(key: "minecraft:destructible_by_mining", value: .object([
                JSONMember(key: "seconds_to_destroy", value: .number(hardness < 0 ? 0 : (hardness * 1.5 * 100).rounded() / 100)),
            ])),
            JSONMember(key: "minecraft:destructible_by_explosion", value: .object([
                JSONMember(key: "explosion_resistance", value: .number(resistance)),
            ])),
        ]
        if hardness < 0 { components[0] = JSONMember(key: "minecraft:destructible_by_mining", value: .bool(false)) }
        if let light = registered[.light], light > 0 {
            components.append(JSONMember(key: "minecraft:light_emission", value: .number(min(15, max(0, light.rounded())))))
        }
        components.append(JSONMember(key: "minecraft:geometry", value: .string(baseLook.geometry)))
        components.append(JSONMember(key: "minecraft:material_instances", value: Self.materialInstances(baseLook)))
        if let box = baseLook.box { components += Self.boxes(box, cross: baseLook.cross) }
        if let lootPath = context.blockLoot[id] {
            components.append(JSONMember(key: "minecraft:loot", value: .string(lootPath)))
        }

        var description: [JSONMember] = [
            JSONMember(key: "identifier", value: .string(bedrockID)),
            JSONMember(key: "menu_category", value: .object([JSONMember(key: "category", value: .string(baseLook.cross ? "nature" : "construction"))])),
        ]
        if !states.isEmpty { description.append(JSONMember(key: "states", value: .object(states))) }
        if !traits.isEmpty {
            description.append(JSONMember(key: "traits", value: .object(traits.sorted(by: { $0.key < $1.key }).map { trait, enabled in
                var members = [JSONMember(key: "enabled_states", value: .array(enabled.map(JSONValue.string)))]
                if trait == "minecraft:placement_direction" { members.append(JSONMember(key: "y_rotation_offset", value: .number(180))) }
                return JSONMember(key: trait, value: .object(members))
            })))
        }
        var block: [JSONMember] = [
            JSONMember(key: "description", value: .object(description)),
            JSONMember(key: "components", value: .object(components)),
        ]
        if !permutations.isEmpty { block.append(JSONMember(key: "permutations", value: .array(permutations))) }
        context.write(.object([
            JSONMember(key: "format_version", value: .string(Self.formatVersion)),
            JSONMember(key: "minecraft:block", value: .object(block)),
        ]), to: "blocks/\(id.namespace)/\(id.name).json", behavior: true)
        context.writtenBlocks.insert(bedrockID)

        if approximations.isEmpty {
            context.add(.block, id.description, bedrockID, .converted, notes: notes)
        } else {
            context.add(.block, id.description, bedrockID, .approximated, .init(
                standIn: approximations.joined(separator: "; "), reason: "Bedrock blocks cannot express this part of the Java block",
                impact: approximations.contains { $0.contains("placeholder") || $0.contains("code") } ? .medium : .low), notes: notes)
        }
        return Self.sound(for: id.name)
    }

    // MARK: - Looks

    /// Resolves a variant's model into geometry and material instances, writing any custom geometry.
    private func look(for variant: BlockVariant, block: ResourceLocation, suffix: String) -> Look {
        var problems: [String] = []
        var model: ResolvedModel?
        if let modelID = variant.model {
            switch context.resolver.resolve(modelID) {
            case .success(let resolved): model = resolved
            case .failure(let problem): problems.append("\(problem); a placeholder cube stands in")
            }
        } else {
            problems.append("no blockstate or block model in the jar; a placeholder cube stands in")
        }
        if var resolved = model {
            resolved.rawTextures.merge(variant.textureOverrides) { _, new in new }
            model = resolved
        }
        guard let model else {
            return Look(geometry: "minecraft:geometry.full_block", instances: [("*", context.atlas.placeholder())], renderMethod: "opaque", box: nil, problems: problems, cross: false)
        }
        if case .unsupported(let why) = model.shape {
            problems.append("\(why): the block keeps a cube with its particle texture")
        }
        if model.tinted { problems.append("tinted faces (biome colour) are drawn untinted") }
        let textures = model.textures
        func key(_ variable: String) -> String {
            guard let texture = textures[variable] ?? ResourceLocation(variable).flatMap({ textures.values.contains($0) ? $0 : nil }) else {
                problems.append("texture variable #\(variable) is not set; the placeholder stands in")
                return context.atlas.placeholder()
            }
            if let key = context.atlas.terrainKey(texture) { return key }
            problems.append("\(context.atlas.problem(texture) ?? "texture \(texture) unusable"); the placeholder stands in")
            return context.atlas.placeholder()
        }
        let fullCube: Bool
        switch model.shape {
        case .cube, .column, .bottomTop, .orientable: fullCube = true
        case .elements: fullCube = model.elements.count == 1 && model.elements[0].from == [0, 0, 0] && model.elements[0].to == [16, 16, 16]
            && model.elements[0].rotation == nil && model.elements[0].faces.allSatisfy { ($0.face.uv ?? [0, 0, 16, 16]) == [0, 0, 16, 16] }
        case .unsupported: fullCube = true
        default: fullCube = false
        }
        if fullCube {
            var faces: [(String, String)] = []
            if case .unsupported = model.shape {
                let particle = textures["particle"] ?? textures.values.sorted().first
                let chosen = particle.flatMap { context.atlas.terrainKey($0) } ?? context.atlas.placeholder()
                return Look(geometry: "minecraft:geometry.full_block", instances: [("*", chosen)], renderMethod: "opaque", box: nil, problems: problems, cross: false)
            }
            for (direction, face) in model.elements.first?.faces ?? [] { faces.append((direction, key(face.texture))) }
            let counts = Dictionary(grouping: faces.map(\.1), by: { $0 }).mapValues(\.count)
            let common = counts.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key ?? context.atlas.placeholder()
            var instances = [("*", common)]
            for (direction, texture) in faces where texture != common { instances.append((direction, texture)) }
            return Look(geometry: "minecraft:geometry.full_block", instances: instances, renderMethod: "opaque", box: nil, problems: problems, cross: false)
        }
        let identifier = "geometry.\(block.namespace).\(block.name)\(suffix)"
        let output = GeometryBuilder.build(identifier: identifier, elements: model.elements)
        if let scale = output.scale { problems.append("model larger than Bedrock's 30×30×30 px: scaled by \(scale)") }
        if model.elements.isEmpty { problems.append("model has no elements; an empty geometry stands in") }
        context.write(output.file, to: "models/blocks/\(block.namespace)/\(block.name)\(suffix).geo.json", behavior: false)
        var instances: [(String, String)] = []
        for name in output.instances {
            let variable = model.elements.lazy.flatMap(\.faces).first { GeometryBuilder.instanceName($0.face.texture) == name }?.face.texture ?? name
            instances.append((name, key(variable)))
        }
        let star = textures["particle"].flatMap { context.atlas.terrainKey($0) } ?? instances.first?.1 ?? context.atlas.placeholder()
        instances.insert(("*", star), at: 0)
        let cross = model.shape == .cross
        switch model.shape {
        case .slab: problems.append("slab: Bedrock places the half the player aims at; double slabs are separate")
        case .stairs: problems.append("stairs: straight shape only; corner shapes are not formed")
        case .fencePost: problems.append("fence/wall: the post only; connections to neighbours are not drawn")
        default: break
        }
        return Look(geometry: identifier, instances: instances, renderMethod: cross ? "alpha_test" : "opaque", box: output.bounds, problems: problems, cross: cross)
    }

    static func materialInstances(_ look: Look) -> JSONValue {
        var seen: Set<String> = []
        var members: [JSONMember] = []
        for (name, key) in look.instances where seen.insert(name).inserted {
            members.append(JSONMember(key: name, value: .object([
                JSONMember(key: "texture", value: .string(key)),
                JSONMember(key: "render_method", value: .string(look.renderMethod)),
            ])))
        }
        return .object(members)
    }

    /// Collision and selection boxes from the geometry's bounds, clamped to the block.
    static func boxes(_ box: (origin: [Double], size: [Double]), cross: Bool) -> [JSONMember] {
        var origin = box.origin
        var size = box.size
        let low: [Double] = [-8, 0, -8]
        let high: [Double] = [8, 16, 8]
        for axis in 0..<3 {
            let start = min(max(origin[axis], low[axis]), high[axis])
            let end = min(max(origin[axis] + size[axis], low[axis]), high[axis])
            origin[axis] = (start * 100).rounded() / 100
            size[axis] = (max(end - start, 0) * 100).rounded() / 100
        }
        if size.contains(0) { size = size.map { max($0, 1) } }
        let value = JSONValue.object([
            JSONMember(key: "origin", value: .array(origin.map(JSONValue.number))),
            JSONMember(key: "size", value: .array(size.map(JSONValue.number))),
        ])
        return [
            JSONMember(key: "minecraft:collision_box", value: cross ? .bool(false) : value),
            JSONMember(key: "minecraft:selection_box", value: value),
        ]
    }

    /// State values as Bedrock wants them: booleans, integers, or strings.
    static func stateValues(_ values: [String]) -> JSONValue {
        if values.allSatisfy({ $0 == "true" || $0 == "false" }) { return .array([.bool(false), .bool(true)]) }
        if values.allSatisfy({ Int($0) != nil }) { return .array(values.compactMap(Int.init).sorted().map { .number(Double($0)) }) }
        return .array(values.map(JSONValue.string))
    }

    /// The Molang condition for a Java property condition; `nil` when it cannot be expressed.
    private func molang(_ condition: [String: String], mappings: [String: StateMapping]) -> String? {
        guard !condition.isEmpty else { return nil }
        var parts: [String] = []
        for (name, value) in condition.sorted(by: { $0.key < $1.key }) {
            switch mappings[name] {
            case .cardinal: parts.append("q.block_state('minecraft:cardinal_direction') == '\(value)'")
            case .facing: parts.append("q.block_state('minecraft:facing_direction') == '\(value)'")
            case .axis:
                let faces = value == "x" ? ["east", "west"] : value == "z" ? ["north", "south"] : ["up", "down"]
                parts.append("(" + faces.map { "q.block_state('minecraft:block_face') == '\($0)'" }.joined(separator: " || ") + ")")
            case .verticalHalf:
                guard value == "top" || value == "bottom" || value == "upper" || value == "lower" else { return nil }
                parts.append("q.block_state('minecraft:vertical_half') == '\(value == "upper" ? "top" : value == "lower" ? "bottom" : value)'")
            case .custom(let state):
                if value == "true" || value == "false" || Int(value) != nil {
                    parts.append("q.block_state('\(state)') == \(value)")
                } else {
                    parts.append("q.block_state('\(state)') == '\(value)'")
                }
            case nil: return nil
            }
        }
        return parts.joined(separator: " && ")
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

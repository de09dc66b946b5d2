import ConversionEngine
import EngineFixtures
import Foundation
import Testing

/// Blocks and items that look like the mod (issue 17), one test per class of look, on fixtures
/// modelled on real mods: the geometry, textures, traits and states the add-on gets.
@Suite("Fidelity: blocks and items that look like the mod")
struct FidelityBlockTests {
    /// One conversion of a fixture, with its files parsed on demand.
    struct Converted {
        let result: ConversionResult
        let pack: String

        init(_ fixture: FixtureMod, options: ConversionOptions = ConversionOptions()) async throws {
            result = try await ConversionEngine().convert(jar: fixture.jar, options: options)
            pack = try #require(result.files.keys.first { $0.hasSuffix("_BP/manifest.json") }?.dropLast("_BP/manifest.json".count).description)
        }

        func json(_ path: String) throws -> JSONValue {
            let data = try #require(result.files[path], "\(path) is not in the add-on")
            return try LenientJSONParser().parse(data)
        }

        func block(_ name: String, namespace: String = "fidelity") throws -> JSONValue {
            try #require(try json("\(pack)_BP/blocks/\(namespace)/\(name).json")["minecraft:block"])
        }

        func geometry(_ name: String, namespace: String = "fidelity") throws -> JSONValue {
            try #require(try json("\(pack)_RP/models/blocks/\(namespace)/\(name).geo.json")["minecraft:geometry"]?.arrayValue?.first)
        }

        /// Every cube of a geometry as (bone, origin, size).
        func cubes(_ name: String, namespace: String = "fidelity") throws -> [(bone: String, origin: [Double], size: [Double])] {
            var cubes: [(String, [Double], [Double])] = []
            for bone in try geometry(name, namespace: namespace)["bones"]?.arrayValue ?? [] {
                for cube in bone["cubes"]?.arrayValue ?? [] {
                    cubes.append((bone["name"]?.stringValue ?? "", numbers(cube["origin"]), numbers(cube["size"])))
                }
            }
            return cubes
        }

        /// The pack path a terrain key points at.
        func terrainPath(_ key: String) throws -> String? {
            try json("\(pack)_RP/textures/terrain_texture.json")["texture_data"]?[key]?["textures"]?.stringValue
        }

        func itemPath(_ key: String) throws -> String? {
            try json("\(pack)_RP/textures/item_texture.json")["texture_data"]?[key]?["textures"]?.stringValue
        }

        func feature(_ kind: ConversionReport.Kind, _ javaID: String) throws -> ConversionReport.Feature {
            try #require(result.report.features.first { $0.kind == kind && $0.javaID == javaID }, "no report line for \(javaID)")
        }

        /// The texture keys of a block's material instances (components and permutations).
        func textureKeys(_ block: JSONValue) -> Set<String> {
            var keys: Set<String> = []
            var instances = [block["components"]?["minecraft:material_instances"]]
            for permutation in block["permutations"]?.arrayValue ?? [] { instances.append(permutation["components"]?["minecraft:material_instances"]) }
            for instance in instances.compactMap({ $0?.members }).joined() { if let key = instance.value["texture"]?.stringValue { keys.insert(key) } }
            return keys
        }
    }

    static func numbers(_ value: JSONValue?) -> [Double] { value?.arrayValue?.compactMap(\.numberValue) ?? [] }

    @Test func vanillaParentsTheJarLacksResolveToTheirRealGeometry() async throws {
        let converted = try await Converted(.fidelity)
        // block/button: 6×2×4 px at (5,0,6)…(11,2,10) → Bedrock origin [-3, 0, -2].
        let knob = try converted.cubes("oak_knob")
        #expect(knob.count == 1)
        #expect(knob.first?.origin == [-3, 0, -2] && knob.first?.size == [6, 2, 4])
        // block/pressure_plate_up: (1,0,1)…(15,1,15).
        let plate = try converted.cubes("marble_plate")
        #expect(plate.map(\.origin) == [[-7, 0, -7]] && plate.map(\.size) == [[14, 1, 14]])
        // The pressed form is a permutation with its own, lower geometry.
        let permutations = try converted.block("marble_plate")["permutations"]?.arrayValue ?? []
        #expect(permutations.count == 1)
        #expect(permutations.first?["components"]?["minecraft:geometry"]?.stringValue == "geometry.fidelity.marble_plate_v1")
        #expect(try converted.cubes("marble_plate_v1").first?.size == [14, 0.5, 14])
        // flower_pot_cross: the pot's five boxes and the plant's two planes.
        #expect(try converted.cubes("potted_fern").count >= 7)
        for name in ["oak_knob", "marble_plate", "potted_fern"] {
            let line = try converted.feature(.block, "fidelity:\(name)")
            #expect(!(line.assumption?.standIn.contains("placeholder") ?? false), "\(name): \(line.assumption?.standIn ?? "")")
        }
    }

    @Test func vanillaTexturesPointAtTheVanillaBedrockTextureNeverAPlaceholder() async throws {
        let converted = try await Converted(.fidelity)
        let knob = try converted.block("oak_knob")
        #expect(converted.textureKeys(knob) == ["fidelity_vanilla_planks_oak"])
        #expect(try converted.terrainPath("fidelity_vanilla_planks_oak") == "textures/blocks/planks_oak")
        // Nothing of Mojang's is copied: the add-on holds no PNG at that path.
        #expect(!converted.result.files.keys.contains { $0.hasSuffix("textures/blocks/planks_oak.png") })
        // The placeholder only where a texture is truly unusable (the fixture's broken PNG).
        let placeholderUsers = try converted.result.files.keys.filter { $0.contains("_BP/blocks/") }.filter { path in
            let block = try #require(try converted.json(path)["minecraft:block"])
            return converted.textureKeys(block).contains("fidelity_missing_texture")
        }
        #expect(placeholderUsers.map { String($0.split(separator: "/").last ?? "") } == ["broken_block.json"])
        // 1.12 names (`minecraft:blocks/planks_oak`) resolve the same way.
        let legacy = try await Converted(.fidelityLegacy)
        #expect(legacy.textureKeys(try legacy.block("old_planks", namespace: "oldcraft")) == ["oldcraft_vanilla_planks_oak"])
        #expect(try legacy.terrainPath("oldcraft_vanilla_planks_oak") == "textures/blocks/planks_oak")
        #expect(try legacy.feature(.block, "oldcraft:old_planks").status == .converted)
        // An item icon that is a vanilla texture.
        let stick = try converted.json("\(converted.pack)_BP/items/fidelity/plain_stick.json")
        let icon = try #require(stick["minecraft:item"]?["components"]?["minecraft:icon"]?.stringValue)
        #expect(try converted.itemPath(icon) == "textures/items/stick")
    }

    @Test func multipartBlocksAreOneGeometryWithABonePerPartShownByTheirConditions() async throws {
        let converted = try await Converted(.fidelity)
        let fence = try converted.block("marble_fence")
        #expect(try converted.json("\(converted.pack)_BP/blocks/fidelity/marble_fence.json")["format_version"]?.stringValue == "1.26.0")
        #expect(fence["description"]?["traits"]?["minecraft:connection"]?["enabled_states"] == .array([.string("minecraft:cardinal_connections")]))
        let visibility = try #require(fence["components"]?["minecraft:geometry"]?["bone_visibility"])
        #expect(visibility["part1"]?.stringValue == "q.block_state('minecraft:connection_north')")
        #expect(visibility["part4"]?.stringValue == "q.block_state('minecraft:connection_west')")
        #expect(visibility["part0"] == nil, "the post is always drawn")
        let bones = try converted.geometry("marble_fence")["bones"]?.arrayValue ?? []
        #expect(bones.compactMap { $0["name"]?.stringValue } == ["part0", "part1", "part2_turn", "part2", "part3_turn", "part3", "part4_turn", "part4"])
        #expect(bones.first { $0["name"]?.stringValue == "part2_turn" }?["rotation"] == .array([.number(0), .number(90), .number(0)]))
        #expect(bones.first { $0["name"]?.stringValue == "part2" }?["parent"]?.stringValue == "part2_turn")
        // The box is the post's: fence_post is (6,0,6)…(10,16,10).
        #expect(Self.numbers(fence["components"]?["minecraft:collision_box"]?["origin"]) == [-2, 0, -2])
        #expect(Self.numbers(fence["components"]?["minecraft:collision_box"]?["size"]) == [4, 16, 4])

        let wall = try converted.block("marble_wall")
        let walls = try #require(wall["components"]?["minecraft:geometry"]?["bone_visibility"])
        #expect(walls["part0"]?.stringValue == "true", "the post: `up` is not carried")
        #expect(walls["part1"]?.stringValue == "q.block_state('minecraft:connection_north')")
        #expect(walls["part5"]?.stringValue == "false", "tall sides are drawn low")
        let pane = try converted.block("amber_pane")
        let panes = try #require(pane["components"]?["minecraft:geometry"]?["bone_visibility"])
        #expect(panes["part1"]?.stringValue == "(q.block_state('minecraft:connection_north') || q.block_state('minecraft:connection_south'))")
        #expect(panes["part2"]?.stringValue
            == "((q.block_state('minecraft:connection_east') || !q.block_state('minecraft:connection_east')) && !(q.block_state('minecraft:connection_west')))")
        // With an older target the sides are states a script sets, and the report says so.
        let old = try await Converted(.fidelity, options: ConversionOptions(minEngineVersion: [1, 21, 40]))
        let oldFence = try old.block("marble_fence")
        #expect(oldFence["description"]?["states"]?["fidelity:north"] == .array([.bool(false), .bool(true)]))
        #expect(oldFence["components"]?["minecraft:geometry"]?["bone_visibility"]?["part1"]?.stringValue == "q.block_state('fidelity:north') == true")
        #expect(try old.feature(.block, "fidelity:marble_fence").assumption?.standIn.contains("minecraft:connection") == true)
    }

    @Test func stairsCornerSlabsDoubleDoorsSpanTwoBlocksAndToggledStatesAreNamed() async throws {
        let converted = try await Converted(.fidelity)
        let stairs = try converted.block("marble_stairs")
        let direction = try #require(stairs["description"]?["traits"]?["minecraft:placement_direction"])
        #expect(direction["enabled_states"] == .array([.string("minecraft:corner_and_cardinal_direction")]))
        #expect(direction["y_rotation_offset"] == .number(0))
        #expect(stairs["description"]?["traits"]?["minecraft:placement_position"]?["enabled_states"] == .array([.string("minecraft:vertical_half")]))
        #expect(stairs["components"]?["tag:minecraft:cornerable_stairs"] != nil)
        #expect(stairs["components"]?["minecraft:support"]?["shape"]?.stringValue == "stair")
        let conditions = (stairs["permutations"]?.arrayValue ?? []).compactMap { $0["condition"]?.stringValue }
        #expect(conditions.contains { $0.contains("q.block_state('minecraft:corner') == 'inner_left'") })
        #expect(conditions.contains { $0.contains("q.block_state('minecraft:corner') == 'outer_right'") })
        #expect(conditions.count == 39, "40 variants, the default one in the components")
        #expect(try converted.cubes("marble_stairs").count == 2)

        let slab = try converted.block("marble_slab")
        #expect(slab["description"]?["states"]?["fidelity:double"] == .array([.bool(false), .bool(true)]))
        let double = try #require(slab["permutations"]?.arrayValue?.first { $0["condition"]?.stringValue == "q.block_state('fidelity:double')" })
        #expect(double["components"]?["minecraft:geometry"]?.stringValue == "minecraft:geometry.full_block")
        #expect(try converted.feature(.block, "fidelity:marble_slab").assumption?.standIn.contains("double slab") == true)

        let door = try converted.block("maple_door")
        #expect(try converted.json("\(converted.pack)_BP/blocks/fidelity/maple_door.json")["format_version"]?.stringValue == "1.26.40")
        let multi = try #require(door["description"]?["traits"]?["minecraft:multi_block"])
        #expect(multi["parts"] == .number(2) && multi["direction"]?.stringValue == "up")
        #expect(door["description"]?["states"]?["fidelity:open"] != nil && door["description"]?["states"]?["fidelity:hinge"] != nil)
        #expect(door["components"]?["minecraft:movable"]?["movement_type"]?.stringValue == "popped")
        let doorConditions = (door["permutations"]?.arrayValue ?? []).compactMap { $0["condition"]?.stringValue }
        #expect(doorConditions.contains { $0.contains("q.block_state('minecraft:multi_block_part') == 1") })
        #expect(try converted.feature(.block, "fidelity:maple_door").assumption?.standIn.contains("script") == true)

        let trapdoor = try converted.block("maple_trapdoor")
        let states = trapdoor["description"]?["states"]?.members?.map(\.key) ?? []
        #expect(states == ["fidelity:open"], "powered and waterlogged change nothing drawn")
        let gate = try converted.block("maple_gate")
        #expect(gate["description"]?["traits"]?["minecraft:placement_direction"]?["y_rotation_offset"] == .number(0))
        #expect(Set(gate["description"]?["states"]?.members?.map(\.key) ?? []) == ["fidelity:open", "fidelity:in_wall"])
    }

    @Test func tintedLeavesGetTheirTintMethodAndUnknownTintsAreReported() async throws {
        let converted = try await Converted(.fidelity)
        let leaves = try converted.block("maple_leaves")
        let instances = try #require(leaves["components"]?["minecraft:material_instances"]?.members)
        #expect(instances.contains { $0.value["tint_method"]?.stringValue == "default_foliage" })
        #expect(try converted.json("\(converted.pack)_BP/blocks/fidelity/maple_leaves.json")["format_version"]?.stringValue == "1.21.80")
        // An older target draws them untinted, and says why.
        let old = try await Converted(.fidelity, options: ConversionOptions(minEngineVersion: [1, 21, 40]))
        let oldInstances = try #require(try old.block("maple_leaves")["components"]?["minecraft:material_instances"]?.members)
        #expect(!oldInstances.contains { $0.value["tint_method"] != nil })
        #expect(try old.feature(.block, "fidelity:maple_leaves").assumption?.standIn.contains("untinted") == true)
    }

    @Test func customLoadersComeDownToTheirModelOrBoxesAndAreNamed() async throws {
        let converted = try await Converted(.fidelity)
        // fusion: the vanilla model part, its plain tile.
        let tiles = try converted.block("glow_tiles")
        #expect(tiles["components"]?["minecraft:geometry"]?.stringValue == "minecraft:geometry.full_block")
        #expect(converted.textureKeys(tiles) == ["fidelity_block_glow_tiles"])
        #expect(try converted.feature(.model, "fidelity:block/glow_tiles").status == .approximated)
        // composite: the slab and the pillar in one geometry, each with its own texture.
        let frame = try converted.cubes("machine_frame")
        #expect(frame.map(\.size) == [[16, 8, 16], [4, 8, 4]])
        #expect(converted.textureKeys(try converted.block("machine_frame")) == ["fidelity_block_marble", "fidelity_vanilla_iron_block"])
        // obj: each group's bounding box, with its material's texture.
        let display = try converted.cubes("display_case")
        #expect(display.map(\.origin) == [[-8, 0, -8], [-6, 4, -6]])
        #expect(display.map(\.size) == [[16, 4, 16], [12, 10, 12]])
        #expect(converted.textureKeys(try converted.block("display_case")) == ["fidelity_block_marble", "fidelity_block_amber_glass"])
        #expect(try converted.feature(.model, "fidelity:block/display_case").assumption?.reason.contains("bounding boxes") == true)
        // A loader with no vanilla part: its particle texture on a cube, named in the report.
        let mystery = try converted.block("mystery_block")
        #expect(converted.textureKeys(mystery) == ["fidelity_block_marble"])
        #expect(try converted.feature(.block, "fidelity:mystery_block").assumption?.standIn.contains("othermod:magic") == true)
        // Items: vanilla item parents, a fluid container, separate transforms.
        for (item, path) in [("maple_bow", "textures/items/fidelity/maple_bow"), ("honey_bucket", "textures/items/fidelity/honey_bucket"),
                             ("lens", "textures/items/fidelity/lens"), ("maple_spawn_egg", "textures/items/spawn_egg")] {
            let definition = try converted.json("\(converted.pack)_BP/items/fidelity/\(item).json")
            let icon = try #require(definition["minecraft:item"]?["components"]?["minecraft:icon"]?.stringValue)
            #expect(try converted.itemPath(icon) == path, "\(item)")
        }
    }

    @Test func blocksDrawnByCodeGetAStandInNeverAnEmptyGeometry() async throws {
        let converted = try await Converted(.fidelity)
        let chest = try converted.cubes("storage_chest")
        #expect(chest.map(\.origin) == [[-7, 0, -7]] && chest.map(\.size) == [[14, 14, 14]])
        let line = try converted.feature(.block, "fidelity:storage_chest")
        #expect(line.status == .approximated && line.assumption?.standIn.contains("drawn by code in Java") == true)
        // A `block/air` model (no elements, no particle) wears its item's icon, never the placeholder.
        let curtain = try converted.feature(.block, "fidelity:velvet_curtain")
        #expect(curtain.assumption?.standIn.contains("a cube wearing the item's icon stands in") == true, "\(String(describing: curtain.assumption))")
        let curtainBlock = try converted.block("velvet_curtain")
        let curtainTextures = (curtainBlock["components"]?["minecraft:material_instances"]?.members ?? []).compactMap { $0.value["texture"]?.stringValue }
        #expect(!curtainTextures.isEmpty && curtainTextures.allSatisfy { !$0.contains("placeholder") }, "\(curtainTextures)")
        let terrain = try converted.json("\(converted.pack)_RP/textures/terrain_texture.json")
        for key in curtainTextures {
            let path = terrain["texture_data"]?[key]?["textures"]?.stringValue ?? terrain["texture_data"]?[key]?["textures"]?.arrayValue?.first?.stringValue
            #expect(path?.hasSuffix("velvet_curtain") == true, "\(key) → \(String(describing: path))")
        }
        // No block of the fixture has a geometry without cubes.
        for path in converted.result.files.keys where path.hasSuffix(".geo.json") {
            let geometry = try #require(try converted.json(path)["minecraft:geometry"]?.arrayValue?.first)
            let cubes = (geometry["bones"]?.arrayValue ?? []).flatMap { $0["cubes"]?.arrayValue ?? [] }
            #expect(!cubes.isEmpty, "\(path) has no cubes")
        }
    }

    @Test func theFidelityAddonsAreValidAndDeterministic() async throws {
        for fixture in [FixtureMod.fidelity, .fidelityLegacy, .fidelityHostile] {
            let first = try await ConversionEngine().convert(jar: fixture.jar)
            let second = try await ConversionEngine().convert(jar: fixture.jar)
            #expect(first.addon == second.addon, "\(fixture.name)")
            #expect(first.crossReferenceProblems.isEmpty, "\(fixture.name): \(first.crossReferenceProblems)")
            try await EngineTestSupport.expectValid(first.addon, fixture.name)
        }
    }

    @Test func hostileModelsGiveAPreciseLineNeverACrashOrAHang() async throws {
        let converted = try await Converted(.fidelityHostile)
        let loop = try converted.feature(.block, "hostile:loop_a")
        #expect(loop.assumption?.standIn.contains("loops") == true)
        let crowded = try converted.feature(.block, "hostile:crowded")
        #expect(crowded.assumption?.standIn.contains("5000 elements") == true)
        #expect(try converted.feature(.model, "hostile:block/broken").status == .failed)
        let nesting = try converted.feature(.block, "hostile:nesting")
        #expect(nesting.status == .approximated)
    }
}

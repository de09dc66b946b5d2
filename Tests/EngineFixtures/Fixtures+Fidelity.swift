import ConversionEngine
import Foundation

/// Mods modelled on what real mods ship (studied in public mod sources; written here, nothing
/// copied) for the fidelity tests: vanilla parents and textures the jar lacks, custom model loaders,
/// multipart fences/walls/panes, stairs with corners, slabs, doors, trapdoors, gates, tinted leaves,
/// blocks drawn by code, and hostile models.
extension FixtureMod {
    /// A NeoForge 1.21.1 mod (`fidelity`) with one block or item per class of look.
    public static var fidelity: FixtureMod {
        let ns = "fidelity"
        var files: [(String, Data)] = [
            Make.neoForge121(modID: "fidelity", version: "2.3.0", displayName: "Fidelity"),
        ]
        func blockstate(_ name: String, _ json: String) { files.append(("assets/\(ns)/blockstates/\(name).json", Make.text(json))) }
        func model(_ path: String, _ json: String) { files.append(("assets/\(ns)/models/\(path).json", Make.text(json))) }
        func texture(_ path: String, _ seed: Int) { files.append(("assets/\(ns)/textures/\(path).png", Make.png(seed))) }

        // Vanilla parents with a vanilla texture (button) and the mod's own (pressure plate, flower pot).
        blockstate("oak_knob", #"{"variants": {"face=floor,facing=north,powered=false": {"model": "fidelity:block/oak_knob"}, "face=floor,facing=north,powered=true": {"model": "fidelity:block/oak_knob_pressed"}}}"#)
        model("block/oak_knob", #"{"parent": "minecraft:block/button", "textures": {"texture": "minecraft:block/oak_planks"}}"#)
        model("block/oak_knob_pressed", #"{"parent": "minecraft:block/button_pressed", "textures": {"texture": "minecraft:block/oak_planks"}}"#)
        blockstate("marble_plate", #"{"variants": {"powered=false": {"model": "fidelity:block/marble_plate"}, "powered=true": {"model": "fidelity:block/marble_plate_down"}}}"#)
        model("block/marble_plate", #"{"parent": "minecraft:block/pressure_plate_up", "textures": {"texture": "fidelity:block/marble"}}"#)
        model("block/marble_plate_down", #"{"parent": "minecraft:block/pressure_plate_down", "textures": {"texture": "fidelity:block/marble"}}"#)
        blockstate("potted_fern", Make.singleText("fidelity:block/potted_fern"))
        model("block/potted_fern", #"{"parent": "minecraft:block/flower_pot_cross", "textures": {"plant": "fidelity:block/fern", "flowerpot": "minecraft:block/flower_pot", "dirt": "minecraft:block/dirt"}}"#)

        // Multipart: a fence, a wall and a pane.
        blockstate("marble_fence", """
            {"multipart": [{"apply": {"model": "fidelity:block/marble_fence_post"}},
             {"when": {"north": "true"}, "apply": {"model": "fidelity:block/marble_fence_side", "uvlock": true}},
             {"when": {"east": "true"}, "apply": {"model": "fidelity:block/marble_fence_side", "y": 90, "uvlock": true}},
             {"when": {"south": "true"}, "apply": {"model": "fidelity:block/marble_fence_side", "y": 180, "uvlock": true}},
             {"when": {"west": "true"}, "apply": {"model": "fidelity:block/marble_fence_side", "y": 270, "uvlock": true}}]}
            """)
        model("block/marble_fence_post", #"{"parent": "minecraft:block/fence_post", "textures": {"texture": "fidelity:block/marble"}}"#)
        model("block/marble_fence_side", #"{"parent": "minecraft:block/fence_side", "textures": {"texture": "fidelity:block/marble"}}"#)
        blockstate("marble_wall", """
            {"multipart": [{"when": {"up": "true"}, "apply": {"model": "fidelity:block/marble_wall_post"}},
             {"when": {"north": "low"}, "apply": {"model": "fidelity:block/marble_wall_side", "uvlock": true}},
             {"when": {"east": "low"}, "apply": {"model": "fidelity:block/marble_wall_side", "y": 90, "uvlock": true}},
             {"when": {"south": "low"}, "apply": {"model": "fidelity:block/marble_wall_side", "y": 180, "uvlock": true}},
             {"when": {"west": "low"}, "apply": {"model": "fidelity:block/marble_wall_side", "y": 270, "uvlock": true}},
             {"when": {"north": "tall"}, "apply": {"model": "fidelity:block/marble_wall_side_tall", "uvlock": true}},
             {"when": {"east": "tall"}, "apply": {"model": "fidelity:block/marble_wall_side_tall", "y": 90, "uvlock": true}},
             {"when": {"south": "tall"}, "apply": {"model": "fidelity:block/marble_wall_side_tall", "y": 180, "uvlock": true}},
             {"when": {"west": "tall"}, "apply": {"model": "fidelity:block/marble_wall_side_tall", "y": 270, "uvlock": true}}]}
            """)
        model("block/marble_wall_post", #"{"parent": "minecraft:block/template_wall_post", "textures": {"wall": "fidelity:block/marble"}}"#)
        model("block/marble_wall_side", #"{"parent": "minecraft:block/template_wall_side", "textures": {"wall": "fidelity:block/marble"}}"#)
        model("block/marble_wall_side_tall", #"{"parent": "minecraft:block/template_wall_side_tall", "textures": {"wall": "fidelity:block/marble"}}"#)
        blockstate("amber_pane", """
            {"multipart": [{"apply": {"model": "fidelity:block/amber_pane_post"}},
             {"when": {"OR": [{"north": "true"}, {"south": true}]}, "apply": {"model": "fidelity:block/amber_pane_side"}},
             {"when": {"east": "true|false", "west": "!true"}, "apply": {"model": "fidelity:block/amber_pane_side", "y": 90}}]}
            """)
        model("block/amber_pane_post", #"{"parent": "minecraft:block/template_glass_pane_post", "textures": {"pane": "fidelity:block/amber_glass", "edge": "fidelity:block/amber_glass"}}"#)
        model("block/amber_pane_side", #"{"parent": "minecraft:block/template_glass_pane_side", "textures": {"pane": "fidelity:block/amber_glass", "edge": "fidelity:block/amber_glass"}}"#)

        // Native shapes: stairs with every corner, a slab with its double, a door, a trapdoor, a gate.
        var stairs: [String] = []
        for facing in ["east", "north", "south", "west"] {
            for half in ["bottom", "top"] {
                for shape in ["inner_left", "inner_right", "outer_left", "outer_right", "straight"] {
                    let model = shape.hasPrefix("inner") ? "marble_stairs_inner" : shape.hasPrefix("outer") ? "marble_stairs_outer" : "marble_stairs"
                    let y = ["east": 0, "south": 90, "west": 180, "north": 270][facing] ?? 0
                    stairs.append(#""facing=\#(facing),half=\#(half),shape=\#(shape)": {"model": "fidelity:block/\#(model)", "x": \#(half == "top" ? 180 : 0), "y": \#(y), "uvlock": true}"#)
                }
            }
        }
        blockstate("marble_stairs", "{\"variants\": {" + stairs.joined(separator: ", ") + "}}")
        for (name, parent) in [("marble_stairs", "stairs"), ("marble_stairs_inner", "inner_stairs"), ("marble_stairs_outer", "outer_stairs")] {
            model("block/\(name)", #"{"parent": "minecraft:block/\#(parent)", "textures": {"bottom": "fidelity:block/marble", "top": "fidelity:block/marble", "side": "fidelity:block/marble"}}"#)
        }
        blockstate("marble_slab", #"{"variants": {"type=bottom": {"model": "fidelity:block/marble_slab"}, "type=double": {"model": "fidelity:block/marble"}, "type=top": {"model": "fidelity:block/marble_slab_top"}}}"#)
        model("block/marble_slab", #"{"parent": "minecraft:block/slab", "textures": {"bottom": "fidelity:block/marble", "top": "fidelity:block/marble", "side": "fidelity:block/marble"}}"#)
        model("block/marble_slab_top", #"{"parent": "minecraft:block/slab_top", "textures": {"bottom": "fidelity:block/marble", "top": "fidelity:block/marble", "side": "fidelity:block/marble"}}"#)
        model("block/marble", #"{"parent": "minecraft:block/cube_all", "textures": {"all": "fidelity:block/marble"}}"#)
        var door: [String] = []
        for facing in ["east", "north", "south", "west"] {
            for half in ["lower", "upper"] {
                for hinge in ["left", "right"] {
                    for open in ["false", "true"] {
                        let part = half == "lower" ? "bottom" : "top"
                        let y = ["east": 0, "south": 90, "west": 180, "north": 270][facing] ?? 0
                        door.append(#""facing=\#(facing),half=\#(half),hinge=\#(hinge),open=\#(open)": {"model": "fidelity:block/maple_door_\#(part)_\#(hinge)\#(open == "true" ? "_open" : "")", "y": \#(y)}"#)
                    }
                }
            }
        }
        blockstate("maple_door", "{\"variants\": {" + door.joined(separator: ", ") + "}}")
        for part in ["bottom", "top"] {
            for hinge in ["left", "right"] {
                for open in ["", "_open"] {
                    model("block/maple_door_\(part)_\(hinge)\(open)", #"{"parent": "minecraft:block/door_\#(part)_\#(hinge)\#(open)", "textures": {"bottom": "fidelity:block/maple_door_bottom", "top": "fidelity:block/maple_door_top"}}"#)
                }
            }
        }
        var trapdoor: [String] = []
        for facing in ["east", "north", "south", "west"] {
            for half in ["bottom", "top"] {
                for open in ["false", "true"] {
                    let model = open == "true" ? "maple_trapdoor_open" : "maple_trapdoor_\(half)"
                    let y = ["north": 0, "east": 90, "south": 180, "west": 270][facing] ?? 0
                    trapdoor.append(#""facing=\#(facing),half=\#(half),open=\#(open),powered=false,waterlogged=false": {"model": "fidelity:block/\#(model)", "y": \#(y)}"#)
                    trapdoor.append(#""facing=\#(facing),half=\#(half),open=\#(open),powered=true,waterlogged=false": {"model": "fidelity:block/\#(model)", "y": \#(y)}"#)
                }
            }
        }
        blockstate("maple_trapdoor", "{\"variants\": {" + trapdoor.joined(separator: ", ") + "}}")
        for (name, parent) in [("maple_trapdoor_bottom", "template_orientable_trapdoor_bottom"), ("maple_trapdoor_top", "template_orientable_trapdoor_top"),
                               ("maple_trapdoor_open", "template_orientable_trapdoor_open")] {
            model("block/\(name)", #"{"parent": "minecraft:block/\#(parent)", "textures": {"texture": "fidelity:block/maple_trapdoor"}}"#)
        }
        blockstate("maple_gate", """
            {"variants": {"facing=north,in_wall=false,open=false": {"model": "fidelity:block/maple_gate", "y": 180},
             "facing=north,in_wall=false,open=true": {"model": "fidelity:block/maple_gate_open", "y": 180},
             "facing=north,in_wall=true,open=false": {"model": "fidelity:block/maple_gate_wall", "y": 180},
             "facing=east,in_wall=false,open=false": {"model": "fidelity:block/maple_gate", "y": 270}}}
            """)
        for (name, parent) in [("maple_gate", "template_fence_gate"), ("maple_gate_open", "template_fence_gate_open"), ("maple_gate_wall", "template_fence_gate_wall")] {
            model("block/\(name)", #"{"parent": "minecraft:block/\#(parent)", "textures": {"texture": "minecraft:block/oak_planks"}}"#)
        }

        // Tinted leaves; a loader per kind; a block drawn by code; a block no loader explains.
        blockstate("maple_leaves", Make.singleText("fidelity:block/maple_leaves"))
        model("block/maple_leaves", #"{"parent": "minecraft:block/leaves", "textures": {"all": "fidelity:block/maple_leaves"}}"#)
        blockstate("glow_tiles", Make.singleText("fidelity:block/glow_tiles"))
        model("block/glow_tiles", #"{"loader": "fusion:model", "type": "connecting", "parent": "minecraft:block/cube_all", "textures": {"all": "fidelity:block/glow_tiles"}}"#)
        blockstate("machine_frame", Make.singleText("fidelity:block/machine_frame"))
        model("block/machine_frame", """
            {"loader": "neoforge:composite", "children": {
              "base": {"parent": "minecraft:block/slab", "textures": {"bottom": "fidelity:block/marble", "top": "fidelity:block/marble", "side": "fidelity:block/marble"}},
              "pillar": {"elements": [{"from": [6, 8, 6], "to": [10, 16, 10], "faces": {"north": {"texture": "#rod"}, "south": {"texture": "#rod"}, "east": {"texture": "#rod"}, "west": {"texture": "#rod"}, "up": {"texture": "#rod"}}}],
                         "textures": {"rod": "minecraft:block/iron_block"}}},
             "textures": {"particle": "fidelity:block/marble"}}
            """)
        blockstate("display_case", Make.singleText("fidelity:block/display_case"))
        model("block/display_case", #"{"loader": "neoforge:obj", "model": "fidelity:models/block/display_case.obj", "textures": {"glass": "fidelity:block/amber_glass", "particle": "fidelity:block/marble"}}"#)
        files.append(("assets/\(ns)/models/block/display_case.obj", Make.text("""
            mtllib display_case.mtl
            o base
            usemtl stone
            v 0 0 0
            v 1 0 0
            v 1 0.25 1
            v 0 0.25 1
            f 1 2 3 4
            o glass
            usemtl pane
            v 0.125 0.25 0.125
            v 0.875 0.875 0.875
            f 5 6 5
            """)))
        files.append(("assets/\(ns)/models/block/display_case.mtl", Make.text("newmtl stone\nmap_Kd fidelity:block/marble\nnewmtl pane\nmap_Kd #glass\n")))
        blockstate("mystery_block", Make.singleText("fidelity:block/mystery_block"))
        model("block/mystery_block", #"{"loader": "othermod:magic", "textures": {"particle": "fidelity:block/marble"}}"#)
        blockstate("storage_chest", Make.singleText("fidelity:block/storage_chest"))
        model("block/storage_chest", #"{"parent": "minecraft:builtin/entity", "textures": {"particle": "fidelity:block/maple_planks"}}"#)
        model("item/storage_chest", ##"{"elements": [{"from": [1, 0, 1], "to": [15, 14, 15], "faces": {"north": {"texture": "#c"}, "south": {"texture": "#c"}, "east": {"texture": "#c"}, "west": {"texture": "#c"}, "up": {"texture": "#c"}, "down": {"texture": "#c"}}}], "textures": {"c": "fidelity:block/maple_planks"}}"##)
        // A model with `block/air` as parent (no elements, no particle: a curtain drawn by code) and a flat
        // item icon: the icon covers the stand-in cube.
        blockstate("velvet_curtain", Make.singleText("fidelity:block/velvet_curtain"))
        model("block/velvet_curtain", #"{"parent": "minecraft:block/air"}"#)
        model("item/velvet_curtain", #"{"parent": "minecraft:item/generated", "textures": {"layer0": "fidelity:item/velvet_curtain"}}"#)

        // For the previews' self-check: a default state turned a quarter, an element turned 22.5°, a
        // face's texture turned, all on a four-colour texture (a wrong turn shows); a broken PNG.
        blockstate("kiln", #"{"variants": {"facing=east": {"model": "fidelity:block/kiln", "y": 90}, "facing=south": {"model": "fidelity:block/kiln", "y": 180}}}"#)
        model("block/kiln", #"{"parent": "minecraft:block/orientable", "textures": {"front": "fidelity:block/quadrants", "side": "fidelity:block/marble", "top": "fidelity:block/quadrants"}}"#)
        blockstate("tilted_sign", Make.singleText("fidelity:block/tilted_sign"))
        model("block/tilted_sign", ##"{"textures": {"q": "fidelity:block/quadrants", "particle": "fidelity:block/quadrants"}, "elements": [{"from": [2, 0, 6], "to": [14, 12, 10], "rotation": {"origin": [8, 8, 8], "axis": "y", "angle": 22.5}, "faces": {"north": {"texture": "#q"}, "south": {"texture": "#q"}, "east": {"texture": "#q"}, "west": {"texture": "#q"}, "up": {"texture": "#q"}, "down": {"texture": "#q"}}}]}"##)
        blockstate("turned_tile", Make.singleText("fidelity:block/turned_tile"))
        model("block/turned_tile", ##"{"textures": {"q": "fidelity:block/quadrants", "particle": "fidelity:block/quadrants"}, "elements": [{"from": [0, 0, 0], "to": [16, 8, 16], "faces": {"north": {"texture": "#q", "rotation": 90}, "south": {"texture": "#q"}, "east": {"texture": "#q", "rotation": 180}, "west": {"texture": "#q"}, "up": {"texture": "#q", "rotation": 270}, "down": {"texture": "#q"}}}]}"##)
        blockstate("broken_block", Make.singleText("fidelity:block/broken_block"))
        model("block/broken_block", #"{"parent": "minecraft:block/cube_all", "textures": {"all": "fidelity:block/broken"}}"#)
        files.append(("assets/\(ns)/textures/block/quadrants.png", Make.quadrants()))
        files.append(("assets/\(ns)/textures/block/broken.png", Make.text("not a png at all")))

        // Items: vanilla item parents, a fluid container, separate transforms, a vanilla icon.
        model("item/maple_bow", #"{"parent": "minecraft:item/bow", "textures": {"layer0": "fidelity:item/maple_bow"}}"#)
        model("item/maple_spawn_egg", #"{"parent": "minecraft:item/template_spawn_egg"}"#)
        model("item/honey_bucket", #"{"loader": "neoforge:fluid_container", "parent": "neoforge:item/bucket", "fluid": "fidelity:honey", "textures": {"base": "fidelity:item/honey_bucket"}}"#)
        model("item/lens", #"{"loader": "neoforge:separate_transforms", "base": {"parent": "minecraft:item/generated", "textures": {"layer0": "fidelity:item/lens"}}, "perspectives": {"gui": {"parent": "minecraft:item/generated", "textures": {"layer0": "fidelity:item/lens_gui"}}}}"#)
        model("item/plain_stick", #"{"parent": "minecraft:item/generated", "textures": {"layer0": "minecraft:item/stick"}}"#)

        for (index, name) in ["block/marble", "block/fern", "block/amber_glass", "block/maple_door_bottom", "block/maple_door_top", "block/maple_trapdoor",
                              "block/maple_leaves", "block/glow_tiles", "block/maple_planks", "item/maple_bow", "item/honey_bucket", "item/lens",
                              "item/lens_gui", "item/velvet_curtain"].enumerated() {
            texture(name, 100 + index)
        }
        files.append(("assets/\(ns)/textures/block/glow_tiles.png.mcmeta", Make.text(#"{"fusion": {"type": "connecting", "layout": "simple"}}"#)))
        var lang: [String] = []
        for block in ["oak_knob", "marble_plate", "potted_fern", "marble_fence", "marble_wall", "amber_pane", "marble_stairs", "marble_slab", "maple_door",
                      "maple_trapdoor", "maple_gate", "maple_leaves", "glow_tiles", "machine_frame", "display_case", "mystery_block", "storage_chest",
                      "kiln", "tilted_sign", "turned_tile", "broken_block", "velvet_curtain"] {
            lang.append(#""block.fidelity.\#(block)": "\#(block)""#)
        }
        for item in ["maple_bow", "maple_spawn_egg", "honey_bucket", "lens", "plain_stick"] { lang.append(#""item.fidelity.\#(item)": "\#(item)""#) }
        files.append(("assets/\(ns)/lang/en_us.json", Make.text("{" + lang.joined(separator: ", ") + "}")))
        return FixtureMod(name: "fidelity-1.21", files: files, expected: [:])
    }

    /// A Forge 1.12 mod naming vanilla textures the pre-1.13 way (`minecraft:blocks/planks_oak`).
    public static var fidelityLegacy: FixtureMod {
        FixtureMod(name: "fidelity-1.12", files: [
            ("mcmod.info", Make.text(#"[{"modid": "oldcraft", "name": "Old Craft", "version": "1.0", "mcversion": "1.12.2"}]"#)),
            ("assets/oldcraft/blockstates/old_planks.json", Make.text(#"{"forge_marker": 1, "defaults": {"model": "cube_all", "textures": {"all": "minecraft:blocks/planks_oak"}}, "variants": {"normal": [{}], "inventory": [{}]}}"#)),
            ("assets/oldcraft/lang/en_us.lang", Make.text("tile.old_planks.name=Old Planks\n")),
        ], expected: [:])
    }

    /// Models that must give a precise report line, never a crash or a hang: a parent loop, a
    /// model with far too many elements, malformed JSON, a loader nesting itself.
    public static var fidelityHostile: FixtureMod {
        let ns = "hostile"
        var files: [(String, Data)] = [("fabric.mod.json", Make.text(#"{"schemaVersion": 1, "id": "hostile", "version": "1.0.0", "depends": {"minecraft": "~1.20.1"}}"#))]
        func pair(_ name: String, _ model: String) {
            files.append(("assets/\(ns)/blockstates/\(name).json", Make.text(Make.singleText("hostile:block/\(name)"))))
            files.append(("assets/\(ns)/models/block/\(name).json", Make.text(model)))
        }
        pair("loop_a", #"{"parent": "hostile:block/loop_b"}"#)
        files.append(("assets/\(ns)/models/block/loop_b.json", Make.text(#"{"parent": "hostile:block/loop_a"}"#)))
        let element = ##"{"from": [0, 0, 0], "to": [1, 1, 1], "faces": {"up": {"texture": "#a"}}}"##
        pair("crowded", #"{"textures": {"a": "hostile:block/x"}, "elements": ["# + Array(repeating: element, count: 5_000).joined(separator: ",") + "]}")
        pair("broken", #"{"parent": "minecraft:block/cube_all", "textures": {"all": "#)
        pair("nesting", #"{"loader": "neoforge:composite", "children": {"a": {"loader": "neoforge:composite", "children": {"b": {"parent": "hostile:block/nesting"}}}}}"#)
        files.append(("assets/\(ns)/textures/block/x.png", Make.png(3)))
        return FixtureMod(name: "fidelity-hostile", files: files, expected: [:])
    }
}

extension Make {
    /// `META-INF/neoforge.mods.toml` of a NeoForge mod for Minecraft 1.21.1.
    static func neoForge121(modID: String, version: String, displayName: String? = nil) -> (String, Data) {
        ("META-INF/neoforge.mods.toml", text("""
            modLoader="javafml"
            loaderVersion="[4,)"
            license="MIT"
            [[mods]]
            modId="\(modID)"
            version="\(version)"
            \(displayName.map { "displayName=\"\($0)\"" } ?? "")
            [[dependencies.\(modID)]]
            modId="minecraft"
            type="required"
            versionRange="[1.21.1,1.22)"
            """))
    }

    static func singleText(_ model: String) -> String { #"{"variants": {"": {"model": "\#(model)"}}}"# }

    /// A 16×16 texture of four coloured quarters (red, green, blue, white), so a wrong turn or
    /// mirror shows in a preview.
    static func quadrants() -> Data {
        var pixels = Data(capacity: 16 * 16 * 3)
        for y in 0..<16 {
            for x in 0..<16 {
                let quarter = (y < 8 ? 0 : 2) + (x < 8 ? 0 : 1)
                pixels.append(contentsOf: [[220, 40, 40], [40, 200, 60], [50, 70, 220], [240, 240, 240]][quarter])
            }
        }
        return PNGImage.rgb(width: 16, height: 16, pixels: pixels)
    }
}

import ConversionEngine
import Foundation

extension FixtureMod {
    /// Fabric 1.20.1: `fabric.mod.json`, registration with Fabric intermediary names
    /// (`class_2248` Block, `method_9629` strength, `method_7895` maxDamage), a custom-elements
    /// model with a rotated element and a rotated face (geometry 1.21.0), stairs, a vanilla result
    /// Bedrock names differently (`cobweb` → `web`), and `fabric:load_conditions`.
    public static let fabric120: FixtureMod = {
        var files: [(String, Data)] = [
            ("fabric.mod.json", Make.text("""
                {"schemaVersion": 1, "id": "amethystplus", "version": "0.4.0+1.20.1", "name": "Amethyst Plus",
                 "authors": ["Ame", {"name": "Thyst"}], "entrypoints": {"main": ["com.amethystplus.AmethystPlus"]}}
                """)),
            ("assets/amethystplus/blockstates/amethyst_bricks.json", Make.single("amethystplus:block/amethyst_bricks")),
            ("assets/amethystplus/blockstates/amethyst_pillar.json", Make.text("""
                {"variants": {"axis=x": {"model": "amethystplus:block/amethyst_pillar", "x": 90, "y": 90},
                              "axis=y": {"model": "amethystplus:block/amethyst_pillar"},
                              "axis=z": {"model": "amethystplus:block/amethyst_pillar", "x": 90}}}
                """)),
            ("assets/amethystplus/blockstates/amethyst_stairs.json", Make.text("""
                {"variants": {"facing=east,half=bottom": {"model": "amethystplus:block/amethyst_stairs"},
                              "facing=north,half=bottom": {"model": "amethystplus:block/amethyst_stairs", "y": 270},
                              "facing=south,half=bottom": {"model": "amethystplus:block/amethyst_stairs", "y": 90},
                              "facing=west,half=bottom": {"model": "amethystplus:block/amethyst_stairs", "y": 180},
                              "facing=east,half=top": {"model": "amethystplus:block/amethyst_stairs", "x": 180},
                              "facing=north,half=top": {"model": "amethystplus:block/amethyst_stairs", "x": 180, "y": 270},
                              "facing=south,half=top": {"model": "amethystplus:block/amethyst_stairs", "x": 180, "y": 90},
                              "facing=west,half=top": {"model": "amethystplus:block/amethyst_stairs", "x": 180, "y": 180}}}
                """)),
            ("assets/amethystplus/blockstates/amethyst_lamp.json", Make.single("amethystplus:block/amethyst_lamp")),
            ("assets/amethystplus/models/block/amethyst_bricks.json", Make.cubeAll("amethystplus:block/amethyst_bricks")),
            ("assets/amethystplus/models/block/amethyst_pillar.json", Make.text(#"{"parent": "block/cube_column", "textures": {"end": "amethystplus:block/amethyst_pillar_top", "side": "amethystplus:block/amethyst_pillar_side"}}"#)),
            ("assets/amethystplus/models/block/amethyst_stairs.json", Make.text(#"{"parent": "minecraft:block/stairs", "textures": {"bottom": "amethystplus:block/amethyst_bricks", "top": "amethystplus:block/amethyst_bricks", "side": "amethystplus:block/amethyst_bricks"}}"#)),
            ("assets/amethystplus/models/block/amethyst_lamp.json", Make.text("""
                {"parent": "block/block", "textures": {"particle": "amethystplus:block/amethyst_lamp", "lamp": "amethystplus:block/amethyst_lamp", "base": "amethystplus:block/amethyst_bricks"},
                 "elements": [
                   {"from": [2, 0, 2], "to": [14, 4, 14], "faces": {"north": {"texture": "#base"}, "south": {"texture": "#base"}, "east": {"texture": "#base"},
                     "west": {"texture": "#base"}, "up": {"texture": "#base", "rotation": 90}, "down": {"texture": "#base", "uv": [0, 0, 12, 12]}}},
                   {"from": [5, 4, 5], "to": [11, 12, 11], "rotation": {"origin": [8, 8, 8], "axis": "y", "angle": 22.5},
                    "faces": {"north": {"texture": "#lamp", "uv": [5, 4, 11, 12]}, "south": {"texture": "#lamp"}, "east": {"texture": "#lamp"},
                      "west": {"texture": "#lamp"}, "up": {"texture": "#lamp"}}}
                 ]}
                """)),
            ("assets/amethystplus/models/item/amethyst_chisel.json", Make.handheld("amethystplus:item/amethyst_chisel")),
            ("assets/amethystplus/models/item/polished_amethyst.json", Make.generated("amethystplus:item/polished_amethyst")),
            ("assets/amethystplus/models/item/amethyst_bricks.json", Make.text(#"{"parent": "amethystplus:block/amethyst_bricks"}"#)),
            ("assets/amethystplus/lang/en_us.json", Make.text("""
                {"block.amethystplus.amethyst_bricks": "Amethyst Bricks", "block.amethystplus.amethyst_pillar": "Amethyst Pillar",
                 "block.amethystplus.amethyst_stairs": "Amethyst Stairs", "block.amethystplus.amethyst_lamp": "Amethyst Lamp",
                 "item.amethystplus.amethyst_chisel": "Amethyst Chisel", "item.amethystplus.polished_amethyst": "Polished Amethyst"}
                """)),
            ("data/amethystplus/loot_tables/blocks/amethyst_bricks.json", Make.text(#"{"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "amethystplus:amethyst_bricks"}]}]}"#)),
            ("data/amethystplus/recipes/amethyst_bricks.json", Make.text(#"{"type": "minecraft:crafting_shaped", "pattern": ["AA", "AA"], "key": {"A": {"item": "minecraft:amethyst_shard"}}, "result": {"item": "amethystplus:amethyst_bricks", "count": 4}}"#)),
            ("data/amethystplus/recipes/amethyst_pillar.json", Make.text(#"{"type": "minecraft:crafting_shapeless", "ingredients": [{"item": "amethystplus:amethyst_bricks"}, {"item": "amethystplus:amethyst_bricks"}], "result": {"item": "amethystplus:amethyst_pillar", "count": 2}}"#)),
            ("data/amethystplus/recipes/amethyst_stairs_from_stonecutting.json", Make.text(#"{"type": "minecraft:stonecutting", "ingredient": {"item": "amethystplus:amethyst_bricks"}, "result": "amethystplus:amethyst_stairs", "count": 1}"#)),
            ("data/amethystplus/recipes/cobweb.json", Make.text(#"{"type": "minecraft:crafting_shaped", "pattern": ["S S", " A ", "S S"], "key": {"S": {"item": "minecraft:string"}, "A": {"item": "amethystplus:polished_amethyst"}}, "result": {"item": "minecraft:cobweb"}}"#)),
            ("data/amethystplus/recipes/techreborn_compat.json", Make.text(#"{"fabric:load_conditions": [{"condition": "fabric:all_mods_loaded", "values": ["techreborn"]}], "type": "minecraft:crafting_shapeless", "ingredients": [{"item": "techreborn:ruby"}], "result": {"item": "amethystplus:polished_amethyst"}}"#)),
        ]
        for (index, name) in ["amethyst_bricks", "amethyst_pillar_side", "amethyst_pillar_top", "amethyst_lamp"].enumerated() {
            files.append(("assets/amethystplus/textures/block/\(name).png", Make.png(40 + index)))
        }
        for (index, name) in ["amethyst_chisel", "polished_amethyst"].enumerated() {
            files.append(("assets/amethystplus/textures/item/\(name).png", Make.png(50 + index)))
        }
        // Intermediary names: class_2248 Block, class_4970$class_2251 Block.Settings, method_9629 strength(FF),
        // class_1792 Item, class_1792$class_1793 Item.Settings, method_7895 maxDamage, method_7889 maxCount.
        let registration = ClassFileBuilder(name: "com/amethystplus/AmethystPlus")
        let settings = "net/minecraft/class_4970$class_2251"
        let itemSettings = "net/minecraft/class_1792$class_1793"
        registration.method("<clinit>", "()V", static: true) { code in
            for (name, hardness, resistance) in [("amethyst_bricks", Float(1.5), Float(6)), ("amethyst_pillar", 1.5, 6), ("amethyst_stairs", 1.5, 6)] {
                code.getstatic("net/minecraft/class_7923", "field_41175", "Lnet/minecraft/class_2378;")
                code.new("net/minecraft/class_2960")
                code.dup()
                code.ldc("amethystplus")
                code.ldc(name)
                code.invokespecial("net/minecraft/class_2960", "<init>", "(Ljava/lang/String;Ljava/lang/String;)V")
                code.new("net/minecraft/class_2248")
                code.dup()
                code.invokestatic("net/fabricmc/fabric/api/object/builder/v1/block/FabricBlockSettings", "create", "()Lnet/fabricmc/fabric/api/object/builder/v1/block/FabricBlockSettings;")
                code.ldc(hardness)
                code.ldc(resistance)
                code.invokevirtual(settings, "method_9629", "(FF)L\(settings);")
                code.invokespecial("net/minecraft/class_2248", "<init>", "(L\(settings);)V")
                code.invokestatic("net/minecraft/class_2378", "method_10230", "(Lnet/minecraft/class_2378;Lnet/minecraft/class_2960;Ljava/lang/Object;)Ljava/lang/Object;")
                code.checkcast("net/minecraft/class_2248")
                code.putstatic("com/amethystplus/AmethystPlus", name.uppercased(), "Lnet/minecraft/class_2248;")
            }
            code.getstatic("net/minecraft/class_7923", "field_41178", "Lnet/minecraft/class_2378;")
            code.new("net/minecraft/class_2960")
            code.dup()
            code.ldc("amethystplus")
            code.ldc("amethyst_chisel")
            code.invokespecial("net/minecraft/class_2960", "<init>", "(Ljava/lang/String;Ljava/lang/String;)V")
            code.new("net/minecraft/class_1792")
            code.dup()
            code.new("net/fabricmc/fabric/api/item/v1/FabricItemSettings")
            code.dup()
            code.invokespecial("net/fabricmc/fabric/api/item/v1/FabricItemSettings", "<init>", "()V")
            code.sipush(250)
            code.invokevirtual(itemSettings, "method_7895", "(I)L\(itemSettings);")
            code.invokespecial("net/minecraft/class_1792", "<init>", "(L\(itemSettings);)V")
            code.invokestatic("net/minecraft/class_2378", "method_10230", "(Lnet/minecraft/class_2378;Lnet/minecraft/class_2960;Ljava/lang/Object;)Ljava/lang/Object;")
            code.checkcast("net/minecraft/class_1792")
            code.putstatic("com/amethystplus/AmethystPlus", "AMETHYST_CHISEL", "Lnet/minecraft/class_1792;")
            code.returnVoid()
        }
        files.append(("com/amethystplus/AmethystPlus.class", registration.build()))
        return FixtureMod(name: "fabric-1.20", files: files, expected: [
            // bricks, pillar, lamp (custom elements) and stairs converted.
            .block: [.converted: 4],
            .item: [.converted: 2],
            .recipe: [.converted: 4, .skipped: 1],
            .lootTable: [.converted: 1],
            .texture: [.converted: 6],
            .model: [.converted: 7],
            .lang: [.converted: 1],
        ])
    }()

    /// NeoForge 1.21.1: `neoforge.mods.toml`, singular `recipe/` and `loot_table/` folders, `{"id"}`
    /// results, string ingredients (item and `#tag`), `neoforge:conditions`, Mojang names in the
    /// code (`strength`, `stacksTo`), a multipart fence, a custom-loader `.obj` model, a
    /// `builtin/entity` item, an entity with AI and a data-driven dimension.
    public static let neoforge121: FixtureMod = {
        var files: [(String, Data)] = [
            ("META-INF/neoforge.mods.toml", Make.text("""
                modLoader = "javafml"
                loaderVersion = "[4,)"
                license = "LGPL-3.0"
                [[mods]]
                modId = "copperworks"
                version = "3.0.2"
                displayName = "Copperworks"
                authors = "Smith"
                """)),
            ("assets/copperworks/blockstates/copper_grate.json", Make.single("copperworks:block/copper_grate")),
            ("assets/copperworks/blockstates/copper_fence.json", Make.text("""
                {"multipart": [{"apply": {"model": "copperworks:block/copper_fence_post"}},
                               {"when": {"north": "true"}, "apply": {"model": "copperworks:block/copper_fence_side", "uvlock": true}},
                               {"when": {"east": "true"}, "apply": {"model": "copperworks:block/copper_fence_side", "y": 90, "uvlock": true}}]}
                """)),
            ("assets/copperworks/blockstates/copper_lantern.json", Make.single("copperworks:block/copper_lantern")),
            ("assets/copperworks/models/block/copper_grate.json", Make.cubeAll("copperworks:block/copper_grate")),
            ("assets/copperworks/models/block/copper_fence_post.json", Make.text(#"{"parent": "minecraft:block/fence_post", "textures": {"texture": "copperworks:block/copper_fence"}}"#)),
            ("assets/copperworks/models/block/copper_fence_side.json", Make.text(#"{"parent": "minecraft:block/fence_side", "textures": {"texture": "copperworks:block/copper_fence"}}"#)),
            ("assets/copperworks/models/block/copper_lantern.json", Make.text(#"{"loader": "neoforge:obj", "model": "copperworks:models/block/copper_lantern.obj", "textures": {"particle": "copperworks:block/copper_lantern"}}"#)),
            ("assets/copperworks/models/block/copper_lantern.obj", Make.text("o lantern\nv 0 0 0\n")),
            ("assets/copperworks/models/item/copper_wrench.json", Make.handheld("copperworks:item/copper_wrench")),
            ("assets/copperworks/models/item/copper_coin.json", Make.generated("copperworks:item/copper_coin")),
            ("assets/copperworks/models/item/copper_hammer.json", Make.text(#"{"parent": "minecraft:builtin/entity", "textures": {"particle": "copperworks:item/copper_hammer"}}"#)),
            ("assets/copperworks/lang/en_us.json", Make.text("""
                {"block.copperworks.copper_grate": "Copper Grate", "block.copperworks.copper_fence": "Copper Fence",
                 "block.copperworks.copper_lantern": "Copper Lantern", "item.copperworks.copper_wrench": "Copper Wrench",
                 "item.copperworks.copper_coin": "Copper Coin", "item.copperworks.copper_hammer": "Copper Hammer",
                 "entity.copperworks.copper_golem": "Copper Golem"}
                """)),
            ("data/copperworks/loot_table/blocks/copper_grate.json", Make.text(#"{"type": "minecraft:block", "pools": [{"rolls": 1.0, "bonus_rolls": 0.0, "entries": [{"type": "minecraft:item", "name": "copperworks:copper_grate"}]}]}"#)),
            ("data/copperworks/loot_table/blocks/copper_fence.json", Make.text(#"{"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "copperworks:copper_fence"}]}]}"#)),
            ("data/copperworks/recipe/copper_grate.json", Make.text(#"{"type": "minecraft:crafting_shaped", "category": "building", "pattern": [" C ", "C C", " C "], "key": {"C": "minecraft:copper_ingot"}, "result": {"id": "copperworks:copper_grate", "count": 4}}"#)),
            ("data/copperworks/recipe/copper_coin.json", Make.text(##"{"type": "minecraft:crafting_shapeless", "ingredients": ["#c:ingots/copper"], "result": {"id": "copperworks:copper_coin", "count": 9}}"##)),
            ("data/copperworks/recipe/copper_fence.json", Make.text(##"{"type": "minecraft:crafting_shaped", "pattern": ["C#C", "C#C"], "key": {"C": "minecraft:copper_ingot", "#": "minecraft:stick"}, "result": {"id": "copperworks:copper_fence", "count": 3}}"##)),
            ("data/copperworks/recipe/coin_from_smelting.json", Make.text(#"{"type": "minecraft:smelting", "ingredient": "minecraft:raw_copper", "result": {"id": "copperworks:copper_coin"}, "experience": 0.1, "cookingtime": 200}"#)),
            ("data/copperworks/recipe/create_compat.json", Make.text(#"{"neoforge:conditions": [{"type": "neoforge:mod_loaded", "modid": "create"}], "type": "minecraft:crafting_shapeless", "ingredients": ["create:copper_sheet"], "result": {"id": "copperworks:copper_coin"}}"#)),
            ("data/copperworks/dimension/copper_world.json", Make.text(#"{"type": "copperworks:copper_world", "generator": {"type": "minecraft:noise"}}"#)),
        ]
        for (index, name) in ["copper_grate", "copper_fence", "copper_lantern"].enumerated() {
            files.append(("assets/copperworks/textures/block/\(name).png", Make.png(60 + index)))
        }
        for (index, name) in ["copper_wrench", "copper_coin", "copper_hammer"].enumerated() {
            files.append(("assets/copperworks/textures/item/\(name).png", Make.png(70 + index)))
        }
        // Mojang names (NeoForge 1.21 ships them unobfuscated).
        let properties = "net/minecraft/world/level/block/state/BlockBehaviour$Properties"
        let itemProperties = "net/minecraft/world/item/Item$Properties"
        let registry = ClassFileBuilder(name: "com/copperworks/Registry")
        registry.method("<clinit>", "()V", static: true) { code in
            for (name, strength) in [("copper_grate", Float(3)), ("copper_fence", Float(3)), ("copper_lantern", Float(3.5))] {
                code.getstatic("com/copperworks/Registry", "BLOCKS", "Lnet/neoforged/neoforge/registries/DeferredRegister$Blocks;")
                code.ldc(name)
                code.invokestatic(properties, "of", "()L\(properties);")
                code.ldc(strength)
                code.invokevirtual(properties, "strength", "(F)L\(properties);")
                code.invokevirtual("net/neoforged/neoforge/registries/DeferredRegister$Blocks", "registerSimpleBlock", "(Ljava/lang/String;L\(properties);)Lnet/neoforged/neoforge/registries/DeferredBlock;")
                code.putstatic("com/copperworks/Registry", name.uppercased(), "Lnet/neoforged/neoforge/registries/DeferredBlock;")
            }
            code.getstatic("com/copperworks/Registry", "ITEMS", "Lnet/neoforged/neoforge/registries/DeferredRegister$Items;")
            code.ldc("copper_coin")
            code.new(itemProperties)
            code.dup()
            code.invokespecial(itemProperties, "<init>", "()V")
            code.bipush(16)
            code.invokevirtual(itemProperties, "stacksTo", "(I)L\(itemProperties);")
            code.invokevirtual("net/neoforged/neoforge/registries/DeferredRegister$Items", "registerSimpleItem", "(Ljava/lang/String;L\(itemProperties);)Lnet/neoforged/neoforge/registries/DeferredItem;")
            code.putstatic("com/copperworks/Registry", "COPPER_COIN", "Lnet/neoforged/neoforge/registries/DeferredItem;")
            code.returnVoid()
        }
        files.append(("com/copperworks/Registry.class", registry.build()))
        files.append(("com/copperworks/entity/CopperGolem.class", Make.subclass("com/copperworks/entity/CopperGolem", of: "net/minecraft/world/entity/PathfinderMob")))
        return FixtureMod(name: "neoforge-1.21", files: files, expected: [
            // grate converted; fence (multipart, post only) and lantern (obj loader) approximated.
            .block: [.converted: 2, .approximated: 1],  // the fence connects (minecraft:connection); the OBJ lantern is boxes
            // wrench and coin converted; hammer (builtin/entity) approximated.
            .item: [.converted: 2, .approximated: 1],
            .recipe: [.converted: 4, .skipped: 1],
            .lootTable: [.converted: 2],
            .texture: [.converted: 6],
            // 4 block + 3 item JSON models: lantern (loader) and hammer (builtin/entity) approximated; the .obj skipped.
            .model: [.converted: 5, .approximated: 2, .skipped: 1],
            .lang: [.converted: 1],
            .behaviour: [.skipped: 2],
        ])
    }()

    /// Every era fixture.
    public static let eras: [FixtureMod] = [forge1710, forge112, forge120, fabric120, neoforge121]
}

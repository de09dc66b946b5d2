import ConversionEngine
import Foundation

extension FixtureMod {
    /// Forge 1.20.1: `mods.toml` with `${file.jarVersion}`, `data/<ns>/recipes` of every vanilla
    /// kind, tags, conditional recipes, lenient JSON, loot tables, sounds, an animated block
    /// texture (flipbook) and an animated item icon, armour, food, and registration code with
    /// Forge 1.17–1.20 SRG names (`m_60913_` = strength(float, float), `m_41503_` = durability,
    /// `m_38760_` = nutrition) in DeferredRegister lambdas.
    public static let forge120: FixtureMod = {
        let ns = "gemcraft"
        var files: [(String, Data)] = [
            ("META-INF/mods.toml", Make.text("""
                modLoader="javafml"
                loaderVersion="[47,)"
                license="MIT"
                [[mods]]
                modId="gemcraft"
                version="${file.jarVersion}"
                displayName="Gemcraft"
                description='''
                Sapphires and more.
                '''
                """)),
            ("META-INF/MANIFEST.MF", Make.text("Manifest-Version: 1.0\nImplementation-Version: 2.3.1\n")),
            // Blockstates (one lenient: comments and a trailing comma).
            ("assets/gemcraft/blockstates/sapphire_block.json", Make.text("""
                // the plain block
                {"variants": {"": {"model": "gemcraft:block/sapphire_block"},},}
                """)),
            ("assets/gemcraft/blockstates/sapphire_ore.json", Make.single("gemcraft:block/sapphire_ore")),
            ("assets/gemcraft/blockstates/sapphire_log.json", Make.text("""
                {"variants": {"axis=y": {"model": "gemcraft:block/sapphire_log"},
                              "axis=z": {"model": "gemcraft:block/sapphire_log", "x": 90},
                              "axis=x": {"model": "gemcraft:block/sapphire_log", "x": 90, "y": 90}}}
                """)),
            ("assets/gemcraft/blockstates/sapphire_furnace.json", Make.text("""
                {"variants": {"facing=north": {"model": "gemcraft:block/sapphire_furnace"},
                              "facing=east": {"model": "gemcraft:block/sapphire_furnace", "y": 90},
                              "facing=south": {"model": "gemcraft:block/sapphire_furnace", "y": 180},
                              "facing=west": {"model": "gemcraft:block/sapphire_furnace", "y": 270}}}
                """)),
            ("assets/gemcraft/blockstates/sapphire_slab.json", Make.text("""
                {"variants": {"type=bottom": {"model": "gemcraft:block/sapphire_slab"},
                              "type=top": {"model": "gemcraft:block/sapphire_slab_top"},
                              "type=double": {"model": "gemcraft:block/sapphire_block"}}}
                """)),
            ("assets/gemcraft/blockstates/glowing_flower.json", Make.single("gemcraft:block/glowing_flower")),
            // Block models.
            ("assets/gemcraft/models/block/sapphire_block.json", Make.cubeAll("gemcraft:block/sapphire_block")),
            ("assets/gemcraft/models/block/sapphire_ore.json", Make.cubeAll("gemcraft:block/sapphire_ore")),
            ("assets/gemcraft/models/block/sapphire_log.json", Make.text(#"{"parent": "minecraft:block/cube_column", "textures": {"end": "gemcraft:block/sapphire_log_top", "side": "gemcraft:block/sapphire_log"}}"#)),
            ("assets/gemcraft/models/block/sapphire_furnace.json", Make.text(#"{"parent": "minecraft:block/orientable", "textures": {"front": "gemcraft:block/sapphire_furnace_front", "side": "gemcraft:block/sapphire_furnace_side", "top": "gemcraft:block/sapphire_furnace_top"}}"#)),
            ("assets/gemcraft/models/block/sapphire_slab.json", Make.text(#"{"parent": "minecraft:block/slab", "textures": {"bottom": "gemcraft:block/sapphire_block", "top": "gemcraft:block/sapphire_block", "side": "gemcraft:block/sapphire_block"}}"#)),
            ("assets/gemcraft/models/block/sapphire_slab_top.json", Make.text(#"{"parent": "minecraft:block/slab_top", "textures": {"bottom": "gemcraft:block/sapphire_block", "top": "gemcraft:block/sapphire_block", "side": "gemcraft:block/sapphire_block"}}"#)),
            ("assets/gemcraft/models/block/glowing_flower.json", Make.text(#"{"parent": "minecraft:block/cross", "textures": {"cross": "gemcraft:block/glowing_flower"}}"#)),
            // Item models (sapphire_block's is a block item: no minecraft:item for it).
            ("assets/gemcraft/models/item/sapphire.json", Make.generated("gemcraft:item/sapphire")),
            ("assets/gemcraft/models/item/sapphire_sword.json", Make.handheld("gemcraft:item/sapphire_sword")),
            ("assets/gemcraft/models/item/sapphire_block.json", Make.text(#"{"parent": "gemcraft:block/sapphire_block"}"#)),
            ("assets/gemcraft/models/item/sapphire_apple.json", Make.generated("gemcraft:item/sapphire_apple")),
            ("assets/gemcraft/models/item/sapphire_helmet.json", Make.generated("gemcraft:item/sapphire_helmet")),
            // Textures.
            ("assets/gemcraft/textures/block/glowing_flower.png", Make.strip(8, frames: 4)),
            ("assets/gemcraft/textures/block/glowing_flower.png.mcmeta", Make.text(#"{"animation": {"frametime": 4, "interpolate": true}}"#)),
            ("assets/gemcraft/textures/item/sapphire_apple.png", Make.strip(9, frames: 2)),
            ("assets/gemcraft/textures/item/sapphire_apple.png.mcmeta", Make.text(#"{"animation": {"frametime": 10}}"#)),
            ("assets/gemcraft/textures/models/armor/sapphire_layer_1.png", PNGImage.solid(width: 64, height: 32, red: 30, green: 60, blue: 220)),
            // Lang: German too, and a locale Bedrock lacks (lol_us).
            ("assets/gemcraft/lang/en_us.json", Make.text("""
                {"block.gemcraft.sapphire_block": "Block of Sapphire", "block.gemcraft.sapphire_log": "Sapphire Log",
                 "block.gemcraft.sapphire_furnace": "Sapphire Furnace", "block.gemcraft.sapphire_slab": "Sapphire Slab",
                 "block.gemcraft.glowing_flower": "Glowing Flower", "block.gemcraft.sapphire_lantern": "Sapphire Lantern",
                 "item.gemcraft.sapphire": "Sapphire", "item.gemcraft.sapphire_sword": "Sapphire Sword",
                 "item.gemcraft.sapphire_apple": "Sapphire Apple", "item.gemcraft.sapphire_helmet": "Sapphire Helmet",
                 "item.gemcraft.sapphire_dust": "Sapphire Dust", "item.gemcraft.sapphire_sword.tooltip": "Sharp: %1$s damage",
                 "itemGroup.gemcraft": "Gemcraft"}
                """)),
            ("assets/gemcraft/lang/de_de.json", Make.text(#"{"block.gemcraft.sapphire_block": "Saphirblock", "item.gemcraft.sapphire": "Saphir"}"#)),
            ("assets/gemcraft/lang/lol_us.json", Make.text(#"{"item.gemcraft.sapphire": "Saffire"}"#)),
            // Sounds: one event with its file, one whose file is missing.
            ("assets/gemcraft/sounds.json", Make.text("""
                {"block.sapphire.chime": {"category": "block", "sounds": ["gemcraft:block/chime", {"name": "gemcraft:block/chime2", "stream": false, "volume": 0.8}]},
                 "item.sapphire.hum": {"category": "player", "sounds": ["gemcraft:item/hum"]}}
                """)),
            ("assets/gemcraft/sounds/block/chime.ogg", Make.text("OggS-fixture-chime")),
            ("assets/gemcraft/sounds/block/chime2.ogg", Make.text("OggS-fixture-chime2")),
            // Tags: the mod's own forge tag, and a vanilla tag that it extends.
            ("data/forge/tags/items/gems/sapphire.json", Make.text(#"{"replace": false, "values": ["gemcraft:sapphire"]}"#)),
            // Loot tables.
            ("data/gemcraft/loot_tables/blocks/sapphire_block.json", Make.text("""
                {"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "gemcraft:sapphire_block"}],
                  "conditions": [{"condition": "minecraft:survives_explosion"}]}]}
                """)),
            ("data/gemcraft/loot_tables/blocks/sapphire_ore.json", Make.text("""
                {"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:alternatives", "children": [
                  {"type": "minecraft:item", "name": "gemcraft:sapphire_ore", "conditions": [{"condition": "minecraft:match_tool",
                    "predicate": {"enchantments": [{"enchantment": "minecraft:silk_touch", "levels": {"min": 1}}]}}]},
                  {"type": "minecraft:item", "name": "gemcraft:sapphire", "functions": [
                    {"function": "minecraft:set_count", "count": {"type": "minecraft:uniform", "min": 1, "max": 2}},
                    {"function": "minecraft:apply_bonus", "enchantment": "minecraft:fortune", "formula": "minecraft:ore_drops"},
                    {"function": "minecraft:explosion_decay"}]}]}]}]}
                """)),
        ]
        for (index, name) in ["sapphire_block", "sapphire_ore", "sapphire_log", "sapphire_log_top", "sapphire_furnace_front",
                              "sapphire_furnace_side", "sapphire_furnace_top"].enumerated() {
            files.append(("assets/gemcraft/textures/block/\(name).png", Make.png(20 + index)))
        }
        for (index, name) in ["sapphire", "sapphire_sword", "sapphire_helmet"].enumerated() {
            files.append(("assets/gemcraft/textures/item/\(name).png", Make.png(30 + index)))
        }
        let recipes: [(String, String)] = [
            ("sapphire_block", #"{"type": "minecraft:crafting_shaped", "pattern": ["SSS", "SSS", "SSS"], "key": {"S": {"tag": "forge:gems/sapphire"}}, "result": {"item": "gemcraft:sapphire_block"}}"#),
            ("sapphire_from_block", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"item": "gemcraft:sapphire_block"}], "result": {"item": "gemcraft:sapphire", "count": 9}}"#),
            ("sapphire_from_smelting", #"{"type": "minecraft:smelting", "ingredient": {"item": "gemcraft:sapphire_ore"}, "result": "gemcraft:sapphire", "experience": 1.0, "cookingtime": 200}"#),
            ("sapphire_from_blasting", #"{"type": "minecraft:blasting", "ingredient": {"item": "gemcraft:sapphire_ore"}, "result": "gemcraft:sapphire", "experience": 1.0, "cookingtime": 100}"#),
            ("sapphire_slab_from_stonecutting", #"{"type": "minecraft:stonecutting", "ingredient": {"item": "gemcraft:sapphire_block"}, "result": "gemcraft:sapphire_slab", "count": 2}"#),
            ("sapphire_sword", #"{"type": "crafting_shaped", "pattern": ["S", "S", "|"], "key": {"S": {"item": "gemcraft:sapphire"}, "|": {"tag": "forge:rods/wooden"}}, "result": {"item": "gemcraft:sapphire_sword"}}"#),
            ("sapphire_furnace", #"{"type": "minecraft:crafting_shaped", "pattern": ["CCC", "CSC", "CCC"], "key": {"C": {"tag": "minecraft:stone_crafting_materials"}, "S": {"item": "gemcraft:sapphire"}}, "result": {"item": "gemcraft:sapphire_furnace"}}"#),
            ("sapphire_log_planks", #"{"type": "minecraft:crafting_shapeless", "ingredients": [[{"item": "minecraft:oak_log"}, {"item": "minecraft:birch_log"}], {"item": "gemcraft:sapphire"}], "result": {"item": "gemcraft:sapphire_log"}}"#),
            ("sapphire_apple", #"{"type": "forge:conditional", "recipes": [{"conditions": [{"type": "forge:mod_loaded", "modid": "gemcraft"}], "recipe": {"type": "minecraft:crafting_shapeless", "ingredients": [{"item": "minecraft:apple"}, {"item": "gemcraft:sapphire"}], "result": {"item": "gemcraft:sapphire_apple"}}}]}"#),
            ("create_compat", #"{"conditions": [{"type": "forge:mod_loaded", "modid": "create"}], "type": "minecraft:crafting_shapeless", "ingredients": [{"item": "create:zinc_ingot"}], "result": {"item": "gemcraft:sapphire"}}"#),
            ("crushing", #"{"type": "create:crushing", "ingredients": [{"item": "gemcraft:sapphire_ore"}], "results": [{"item": "gemcraft:sapphire"}]}"#),
            ("sapphire_helmet_upgrade", #"{"type": "minecraft:smithing_transform", "template": {"item": "minecraft:netherite_upgrade_smithing_template"}, "base": {"item": "gemcraft:sapphire_helmet"}, "addition": {"item": "minecraft:netherite_ingot"}, "result": {"item": "gemcraft:sapphire_helmet"}}"#),
        ]
        for (name, json) in recipes { files.append(("data/gemcraft/recipes/\(name).json", Make.text(json))) }
        files += forge120Classes(ns)
        return FixtureMod(name: "forge-1.20", files: files, expected: [
            // sapphire_block, _ore, _log, _furnace, glowing_flower converted; _slab (its double form
            // needs a script), _lantern (lang only: placeholder cube) and the crushing station
            // generated for the create:crushing recipe approximated.
            .block: [.converted: 5, .approximated: 3],
            // sapphire, _sword, _apple, _helmet converted; _dust (lang only: placeholder icon) approximated.
            .item: [.converted: 4, .approximated: 1],
            // The two-log shapeless recipe (one recipe per alternative), the smithing upgrade (crafted)
            // and create:crushing (at its station) approximated.
            .recipe: [.converted: 8, .approximated: 3, .skipped: 1],
            // Both name what Bedrock lacks (explosion decay, copying the block's data).
            .lootTable: [.approximated: 2],
            // 7 block + 3 item + armour layer + the animated flower; the animated apple icon → first frame.
            .texture: [.converted: 12, .approximated: 1],
            .model: [.converted: 12],
            .lang: [.converted: 2, .skipped: 1],
            .sound: [.converted: 1, .skipped: 1],
            .behaviour: [.skipped: 2],
        ])
    }()

    /// ModBlocks/ModItems/ModFoods with DeferredRegister lambdas, under Forge 1.20 SRG names.
    static func forge120Classes(_ ns: String) -> [(String, Data)] {
        let properties = "net/minecraft/world/level/block/state/BlockBehaviour$Properties"
        let blocks = ClassFileBuilder(name: "com/gemcraft/ModBlocks")
        let blockSpecs: [(String, Float, Float)] = [("sapphire_block", 5, 6), ("sapphire_ore", 3, 3), ("sapphire_log", 2, 2), ("sapphire_furnace", 3.5, 3.5), ("sapphire_slab", 5, 6), ("glowing_flower", 0, 0)]
        blocks.method("<clinit>", "()V", static: true) { code in
            for (index, spec) in blockSpecs.enumerated() {
                code.getstatic("com/gemcraft/ModBlocks", "BLOCKS", "Lnet/minecraftforge/registries/DeferredRegister;")
                code.ldc(spec.0)
                code.invokedynamic(blocks.lambdaCallSite(owner: "com/gemcraft/ModBlocks", lambdaName: "lambda$static$\(index)", lambdaDescriptor: "()Lnet/minecraft/world/level/block/Block;", interfaceMethod: "get", callSiteDescriptor: "()Ljava/util/function/Supplier;"))
                code.invokevirtual("net/minecraftforge/registries/DeferredRegister", "register", "(Ljava/lang/String;Ljava/util/function/Supplier;)Lnet/minecraftforge/registries/RegistryObject;")
                code.putstatic("com/gemcraft/ModBlocks", spec.0.uppercased(), "Lnet/minecraftforge/registries/RegistryObject;")
            }
            code.returnVoid()
        }
        for (index, spec) in blockSpecs.enumerated() {
            blocks.method("lambda$static$\(index)", "()Lnet/minecraft/world/level/block/Block;", static: true) { code in
                code.new("net/minecraft/world/level/block/Block")
                code.dup()
                code.invokestatic(properties, "m_284310_", "()L\(properties);")
                if spec.1 == spec.2 {
                    code.ldc(spec.1)
                    code.invokevirtual(properties, "m_60978_", "(F)L\(properties);")
                } else {
                    code.ldc(spec.1)
                    code.ldc(spec.2)
                    code.invokevirtual(properties, "m_60913_", "(FF)L\(properties);")
                }
                code.invokespecial("net/minecraft/world/level/block/Block", "<init>", "(L\(properties);)V")
                code.areturn()
            }
        }
        let itemProperties = "net/minecraft/world/item/Item$Properties"
        let items = ClassFileBuilder(name: "com/gemcraft/ModItems")
        items.method("<clinit>", "()V", static: true) { code in
            for (index, name) in ["sapphire_sword", "sapphire_apple"].enumerated() {
                code.getstatic("com/gemcraft/ModItems", "ITEMS", "Lnet/minecraftforge/registries/DeferredRegister;")
                code.ldc(name)
                code.invokedynamic(items.lambdaCallSite(owner: "com/gemcraft/ModItems", lambdaName: "lambda$static$\(index)", lambdaDescriptor: "()Lnet/minecraft/world/item/Item;", interfaceMethod: "get", callSiteDescriptor: "()Ljava/util/function/Supplier;"))
                code.invokevirtual("net/minecraftforge/registries/DeferredRegister", "register", "(Ljava/lang/String;Ljava/util/function/Supplier;)Lnet/minecraftforge/registries/RegistryObject;")
                code.putstatic("com/gemcraft/ModItems", name.uppercased(), "Lnet/minecraftforge/registries/RegistryObject;")
            }
            code.returnVoid()
        }
        items.method("lambda$static$0", "()Lnet/minecraft/world/item/Item;", static: true) { code in
            code.new("net/minecraft/world/item/SwordItem")
            code.dup()
            code.new(itemProperties)
            code.dup()
            code.invokespecial(itemProperties, "<init>", "()V")
            code.sipush(1200)
            code.invokevirtual(itemProperties, "m_41503_", "(I)L\(itemProperties);")
            code.invokespecial("net/minecraft/world/item/SwordItem", "<init>", "(L\(itemProperties);)V")
            code.areturn()
        }
        items.method("lambda$static$1", "()Lnet/minecraft/world/item/Item;", static: true) { code in
            code.new("net/minecraft/world/item/Item")
            code.dup()
            code.new(itemProperties)
            code.dup()
            code.invokespecial(itemProperties, "<init>", "()V")
            code.getstatic("com/gemcraft/ModFoods", "SAPPHIRE_APPLE", "Lnet/minecraft/world/food/FoodProperties;")
            code.invokevirtual(itemProperties, "m_41489_", "(Lnet/minecraft/world/food/FoodProperties;)L\(itemProperties);")
            code.bipush(16)
            code.invokevirtual(itemProperties, "m_41487_", "(I)L\(itemProperties);")
            code.invokespecial("net/minecraft/world/item/Item", "<init>", "(L\(itemProperties);)V")
            code.areturn()
        }
        let foodBuilder = "net/minecraft/world/food/FoodProperties$Builder"
        let foods = ClassFileBuilder(name: "com/gemcraft/ModFoods")
        foods.method("<clinit>", "()V", static: true) { code in
            code.new(foodBuilder)
            code.dup()
            code.invokespecial(foodBuilder, "<init>", "()V")
            code.iconst(5)
            code.invokevirtual(foodBuilder, "m_38760_", "(I)L\(foodBuilder);")
            code.ldc(Float(1.2))
            code.invokevirtual(foodBuilder, "m_38758_", "(F)L\(foodBuilder);")
            code.invokevirtual(foodBuilder, "m_38767_", "()Lnet/minecraft/world/food/FoodProperties;")
            code.putstatic("com/gemcraft/ModFoods", "SAPPHIRE_APPLE", "Lnet/minecraft/world/food/FoodProperties;")
            code.returnVoid()
        }
        return [
            ("com/gemcraft/ModBlocks.class", blocks.build()),
            ("com/gemcraft/ModItems.class", items.build()),
            ("com/gemcraft/ModFoods.class", foods.build()),
            ("com/gemcraft/block/SapphireFurnaceBlockEntity.class", Make.subclass("com/gemcraft/block/SapphireFurnaceBlockEntity", of: "net/minecraft/world/level/block/entity/BlockEntity")),
            ("com/gemcraft/client/SapphireFurnaceScreen.class", Make.subclass("com/gemcraft/client/SapphireFurnaceScreen", of: "net/minecraft/client/gui/screens/inventory/AbstractContainerScreen")),
        ]
    }
}

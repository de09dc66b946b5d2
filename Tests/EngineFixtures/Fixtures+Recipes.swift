import ConversionEngine
import Foundation

/// Mods for the recipe, tag and loot fidelity tests (issue 18), modelled on what real mods ship
/// (studied in public mod sources: a cooking mod's pot and cutting board, a tech mod's crusher with
/// chance outputs and energy, gem mods' own and convention tags, 1.20 smithing, loot tables with
/// silk touch, fortune and looting). Written here; nothing copied.
extension FixtureMod {
    /// A NeoForge 1.21.1 mod (`kitchen`) with one recipe, tag or loot table per class.
    public static var fidelityRecipes: FixtureMod {
        let ns = "kitchen"
        var files: [(String, Data)] = [
            Make.neoForge121(modID: "kitchen", version: "1.4.0"),
        ]
        func add(_ path: String, _ text: String) { files.append((path, Make.text(text))) }
        func recipe(_ name: String, _ json: String) { add("data/\(ns)/recipe/\(name).json", json) }
        func tag(_ name: String, _ values: [String], folder: String = "item", namespace: String = "kitchen") {
            add("data/\(namespace)/tags/\(folder)/\(name).json", #"{"values": [\#(values.map { #""\#($0)""# }.joined(separator: ", "))]}"#)
        }
        func block(_ name: String, seed: Int) {
            add("assets/\(ns)/blockstates/\(name).json", Make.singleText("\(ns):block/\(name)"))
            files.append(("assets/\(ns)/models/block/\(name).json", Make.cubeAll("\(ns):block/\(name)")))
            add("assets/\(ns)/models/item/\(name).json", #"{"parent": "\#(ns):block/\#(name)"}"#)
            files.append(("assets/\(ns)/textures/block/\(name).png", Make.png(seed)))
        }
        func item(_ name: String, seed: Int) {
            files.append(("assets/\(ns)/models/item/\(name).json", Make.generated("\(ns):item/\(name)")))
            files.append(("assets/\(ns)/textures/item/\(name).png", Make.png(seed)))
        }
        // The mod's blocks: a cooking pot (the station of `kitchen:cooking` by its name), ores and a
        // machine casing (the texture a generated station wears).
        for (index, name) in ["cooking_pot", "ruby_ore", "deepslate_ruby_ore", "ruby_block", "machine_casing"].enumerated() { block(name, seed: index) }
        for (index, name) in ["ruby", "sapphire", "tomato", "tomato_sauce", "ruby_dust", "ruby_sword", "raw_ruby", "pasta", "ruby_upgrade_template"].enumerated() {
            item(name, seed: 10 + index)
        }

        // Texture names Bedrock's keys may not hold (capitals, a dot), one of them animated.
        files.append(("assets/\(ns)/models/item/fuel_bucket.json", Make.generated("\(ns):item/bucketFuel")))
        files.append(("assets/\(ns)/textures/item/bucketFuel.png", Make.png(30)))
        add("assets/\(ns)/blockstates/gas_tank.json", Make.singleText("\(ns):block/gas_tank"))
        files.append(("assets/\(ns)/models/block/gas_tank.json", Make.cubeAll("\(ns):block/fluid.natural_gas")))
        files.append(("assets/\(ns)/textures/block/fluid.natural_gas.png", Make.strip(31, frames: 4)))
        add("assets/\(ns)/textures/block/fluid.natural_gas.png.mcmeta", #"{"animation": {"frametime": 2}}"#)

        // Workstation types: a cooking pot recipe (container, time, experience), a crusher the mod has
        // no block for (a station is generated) with a chance output and energy.
        recipe("cooking/tomato_sauce", #"{"type": "kitchen:cooking", "ingredients": [{"item": "kitchen:tomato"}, {"item": "kitchen:tomato"}], "container": {"item": "minecraft:bowl"}, "result": {"id": "kitchen:tomato_sauce", "count": 1}, "cookingtime": 200, "experience": 0.35}"#)
        recipe("cooking/pasta", #"{"type": "kitchen:cooking", "ingredients": [{"item": "minecraft:wheat"}, {"tag": "c:eggs"}], "result": {"id": "kitchen:pasta"}, "cookingtime": 100}"#)
        recipe("crushing/ruby_ore", #"{"type": "kitchen:crushing", "input": {"item": "kitchen:ruby_ore"}, "output": [{"item": "kitchen:ruby_dust", "count": 2}, {"item": "minecraft:cobblestone", "chance": 0.25}], "energy": 4000}"#)
        recipe("crushing/lava_only", #"{"type": "kitchen:crushing", "input": {"fluid": "minecraft:lava", "amount": 1000}, "output": {"item": "minecraft:obsidian"}}"#)

        // Tags: the mod's own (1.21 `tags/item/`, nested), the pre-1.21 folder (`tags/items/`), a
        // cycle, convention tags of the jar (`c:ores/ruby`) and of the engine's table, vanilla tags.
        tag("gems", ["kitchen:ruby", "#kitchen:rare_gems"])
        tag("rare_gems", ["kitchen:sapphire"])
        tag("legacy_gems", ["kitchen:ruby", "kitchen:sapphire"], folder: "items")
        tag("loop_a", ["#kitchen:loop_b", "kitchen:ruby"])
        tag("loop_b", ["#kitchen:loop_a", "kitchen:sapphire"])
        tag("ores/ruby", ["kitchen:ruby_ore", "kitchen:deepslate_ruby_ore"], namespace: "c")
        recipe("ruby_block", ####"{"type": "minecraft:crafting_shaped", "pattern": ["###", "###", "###"], "key": {"#": {"tag": "kitchen:gems"}}, "result": {"id": "kitchen:ruby_block"}}"####)
        recipe("gem_from_legacy_tag", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"tag": "kitchen:legacy_gems"}, {"item": "minecraft:stick"}], "result": {"id": "kitchen:ruby_sword"}}"#)
        recipe("looped", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"tag": "kitchen:loop_a"}], "result": {"id": "kitchen:ruby_dust"}}"#)
        recipe("casing", #"{"type": "minecraft:crafting_shaped", "pattern": ["IPI", "P P", "IPI"], "key": {"I": {"tag": "c:ingots/iron"}, "P": {"tag": "minecraft:planks"}}, "result": {"id": "kitchen:machine_casing"}}"#)
        recipe("wool_sauce", ##"{"type": "minecraft:crafting_shapeless", "ingredients": ["#minecraft:wooden_buttons", "kitchen:tomato"], "result": {"id": "kitchen:tomato_sauce"}}"##)
        recipe("sauce_with_milk", #"{"type": "minecraft:crafting_shapeless", "ingredients": ["minecraft:milk_bucket", "kitchen:tomato"], "result": {"id": "kitchen:tomato_sauce"}}"#)
        recipe("unknown_tag", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"tag": "othermod:widgets"}], "result": {"id": "kitchen:ruby"}}"#)

        // The furnace family with a tag and with alternatives.
        recipe("ruby_from_ores", #"{"type": "minecraft:smelting", "ingredient": {"tag": "c:ores/ruby"}, "result": {"id": "kitchen:ruby"}, "experience": 1.0, "cookingtime": 200}"#)
        recipe("ruby_blasting", #"{"type": "minecraft:blasting", "ingredient": [{"item": "kitchen:raw_ruby"}, {"item": "kitchen:ruby_dust"}], "result": {"id": "kitchen:ruby"}, "cookingtime": 100}"#)
        recipe("dried_tomato", #"{"type": "minecraft:smoking", "ingredient": "kitchen:tomato", "result": {"id": "kitchen:tomato_sauce", "count": 2}}"#)

        // Smithing: 1.20 transform, a trim, and 1.16's legacy form.
        recipe("ruby_sword_smithing", #"{"type": "minecraft:smithing_transform", "template": {"item": "kitchen:ruby_upgrade_template"}, "base": {"item": "minecraft:diamond_sword"}, "addition": {"tag": "kitchen:gems"}, "result": {"id": "kitchen:ruby_sword"}}"#)
        recipe("ruby_trim", #"{"type": "minecraft:smithing_trim", "template": {"item": "kitchen:ruby_upgrade_template"}, "base": {"tag": "minecraft:trimmable_armor"}, "addition": {"item": "kitchen:ruby"}}"#)
        recipe("legacy_smithing", #"{"type": "minecraft:smithing", "base": {"item": "minecraft:iron_sword"}, "addition": {"item": "kitchen:sapphire"}, "result": {"item": "kitchen:ruby_sword"}}"#)

        // Minecraft's reader: content after the document is ignored and a repeated member keeps its
        // last value; a document it rejects is reported with its line and column.
        recipe("trailing", "{\"type\": \"minecraft:crafting_shapeless\", \"ingredients\": [\"kitchen:ruby\"], \"result\": {\"id\": \"kitchen:ruby_dust\", \"count\": 4}}\n}\n// left over\n")
        recipe("repeated", #"{"type": "minecraft:crafting_shapeless", "ingredients": ["kitchen:sapphire"], "result": {"id": "kitchen:tomato"}, "result": {"id": "kitchen:ruby_dust"}}"#)
        recipe("broken", "{\n  \"type\": \"minecraft:crafting_shapeless\",\n  \"ingredients\": [\"kitchen:ruby\" \"kitchen:tomato\"]\n}")

        // Loot: silk touch vs the drop with fortune and explosion decay, a weight 0 entry, chances,
        // looting, killed_by_player, an entry with its own conditions, copy_name.
        add("data/\(ns)/loot_table/blocks/ruby_ore.json", #"""
            {"type": "minecraft:block", "pools": [{"rolls": 1.0, "entries": [{"type": "minecraft:alternatives", "children": [
              {"type": "minecraft:item", "name": "kitchen:ruby_ore", "conditions": [{"condition": "minecraft:match_tool", "predicate": {"predicates": {"minecraft:enchantments": [{"enchantments": "minecraft:silk_touch", "levels": {"min": 1}}]}}}]},
              {"type": "minecraft:item", "name": "kitchen:raw_ruby", "functions": [{"function": "minecraft:apply_bonus", "enchantment": "minecraft:fortune", "formula": "minecraft:ore_drops"}, {"function": "minecraft:explosion_decay"}]}]}]}]}
            """#)
        add("data/\(ns)/loot_table/blocks/cooking_pot.json", #"""
            {"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "kitchen:cooking_pot", "functions": [{"function": "minecraft:copy_name", "source": "block_entity"}]}, {"type": "minecraft:item", "name": "minecraft:stick", "weight": 0}], "conditions": [{"condition": "minecraft:survives_explosion"}]}]}
            """#)
        add("data/\(ns)/loot_table/blocks/ruby_block.json", #"""
            {"type": "minecraft:block", "pools": [{"rolls": 1, "conditions": [{"condition": "minecraft:match_tool", "predicate": {"enchantments": [{"enchantment": "minecraft:silk_touch", "levels": {"min": 1}}]}}], "entries": [{"type": "minecraft:item", "name": "kitchen:ruby_block"}]}]}
            """#)
        add("data/\(ns)/loot_table/blocks/machine_casing.json", #"""
            {"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "kitchen:machine_casing", "conditions": [{"condition": "minecraft:match_tool", "predicate": {"items": "#minecraft:pickaxes"}}]}]}]}
            """#)
        add("data/\(ns)/loot_table/entities/tomato_golem.json", #"""
            {"type": "minecraft:entity", "pools": [{"rolls": {"type": "minecraft:uniform", "min": 1.0, "max": 2.5}, "entries": [
              {"type": "minecraft:item", "name": "kitchen:tomato", "weight": 3, "functions": [{"function": "minecraft:set_count", "count": {"min": 0.0, "max": 2.0}}, {"function": "minecraft:looting_enchant", "count": {"min": 0.0, "max": 1.0}}]},
              {"type": "minecraft:item", "name": "kitchen:ruby", "conditions": [{"condition": "minecraft:random_chance", "chance": 0.05}]},
              {"type": "minecraft:empty", "weight": 2}]},
             {"rolls": 1, "conditions": [{"condition": "minecraft:killed_by_player"}, {"condition": "minecraft:random_chance_with_looting", "chance": 0.025, "looting_multiplier": 0.01}],
              "entries": [{"type": "minecraft:item", "name": "kitchen:sapphire"}]}]}
            """#)

        files.append(("assets/\(ns)/lang/en_us.json", Make.text(#"{"block.kitchen.cooking_pot": "Cooking Pot", "item.kitchen.ruby": "Ruby"}"#)))
        return FixtureMod(name: "fidelity-recipes", files: files, expected: [:])
    }

    /// Recipe data meant to make a converter work forever or crash: a tag of 50,000 members, a ring of
    /// 64 tags, a recipe with 10,000 alternatives and one with 10,001, 20 ingredients nested in
    /// each other, JSON nested 100,000 deep, and nine slots of four alternatives each.
    public static var fidelityRecipesHostile: FixtureMod {
        let ns = "hostilerecipes"
        var files: [(String, Data)] = [
            ("fabric.mod.json", Make.text(#"{"schemaVersion": 1, "id": "hostilerecipes", "version": "1.0.0", "depends": {"minecraft": "1.21.1"}}"#)),
            ("assets/\(ns)/models/item/gem.json", Make.generated("\(ns):item/gem")),
            ("assets/\(ns)/textures/item/gem.png", Make.png(3)),
        ]
        func add(_ path: String, _ text: String) { files.append((path, Make.text(text))) }
        let huge = [#""minecraft:diamond""#] + (0..<50_000).map { #""\#(ns):ghost_\#($0)""# }
        add("data/\(ns)/tags/item/huge.json", #"{"values": [\#(huge.joined(separator: ","))]}"#)
        for index in 0..<64 { add("data/\(ns)/tags/item/ring_\(index).json", ##"{"values": ["#\##(ns):ring_\##((index + 1) % 64)", "minecraft:stick"]}"##) }
        add("data/\(ns)/recipe/from_huge.json", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"tag": "\#(ns):huge"}], "result": {"id": "\#(ns):gem"}}"#)
        add("data/\(ns)/recipe/from_ring.json", #"{"type": "minecraft:crafting_shapeless", "ingredients": [{"tag": "\#(ns):ring_0"}], "result": {"id": "\#(ns):gem"}}"#)
        let alternatives = (0..<10_000).map { _ in #"{"item": "minecraft:dirt"}"# }
        add("data/\(ns)/recipe/ten_thousand.json", #"{"type": "minecraft:smelting", "ingredient": [\#(alternatives.joined(separator: ","))], "result": {"id": "\#(ns):gem"}}"#)
        add("data/\(ns)/recipe/one_too_many.json", #"{"type": "minecraft:crafting_shapeless", "ingredients": [[\#((alternatives + [#"{"item": "minecraft:sand"}"#]).joined(separator: ","))]], "result": {"id": "\#(ns):gem"}}"#)
        let nested = String(repeating: #"{"type": "neoforge:compound", "children": ["#, count: 20) + #""minecraft:stone""# + String(repeating: "]}", count: 20)
        add("data/\(ns)/recipe/nested_ingredients.json", #"{"type": "minecraft:crafting_shapeless", "ingredients": [\#(nested)], "result": {"id": "\#(ns):gem"}}"#)
        add("data/\(ns)/recipe/deep_json.json", String(repeating: "[", count: 100_000))
        let grid = (0..<9).map { _ in #"[{"item": "minecraft:dirt"}, {"item": "minecraft:sand"}, {"item": "minecraft:gravel"}, {"item": "minecraft:stone"}]"# }
        add("data/\(ns)/recipe/product.json", #"{"type": "minecraft:crafting_shapeless", "ingredients": [\#(grid.joined(separator: ","))], "result": {"id": "\#(ns):gem"}}"#)
        return FixtureMod(name: "fidelity-recipes-hostile", files: files, expected: [:])
    }
}

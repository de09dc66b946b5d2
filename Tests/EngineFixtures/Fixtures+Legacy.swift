import ConversionEngine
import Foundation

extension FixtureMod {
    /// Forge 1.7.10: `mcmod.info`, textures and `.lang` only — nothing but assets to convert.
    public static let forge1710: FixtureMod = {
        let files: [(String, Data)] = [
            ("mcmod.info", Make.text(#"[{"modid": "oldores", "name": "Old Ores", "version": "1.7.10-0.9", "authorList": ["Someone"]}]"#)),
            ("META-INF/MANIFEST.MF", Make.text("Manifest-Version: 1.0\n")),
            ("assets/oldores/textures/blocks/copper_ore.png", Make.png(1)),
            ("assets/oldores/textures/items/copper_ingot.png", Make.png(2)),
            ("assets/oldores/lang/en_US.lang", Make.text("# Old Ores\ntile.copper_ore.name=Copper Ore\nitem.copper_ingot.name=Copper Ingot\n")),
            ("assets/oldores/lang/de_DE.lang", Make.text("tile.copper_ore.name=Kupfererz\nitem.copper_ingot.name=Kupferbarren\n")),
            ("assets/oldores/lang/la_LA.lang", Make.text("tile.copper_ore.name=Aes\n")),
            ("com/oldores/OldOres.class", ClassFileBuilder(name: "com/oldores/OldOres").build()),
        ]
        return FixtureMod(name: "forge-1.7.10", files: files, expected: [
            .texture: [.converted: 2],
            .lang: [.converted: 2, .skipped: 1],
        ])
    }()

    /// Legacy Forge 1.12: `mcmod.info` (v2 list), Forge blockstates v1, `.lang` with mod-id keys,
    /// `assets/<ns>/recipes` with `data` values, an ore-dictionary recipe and `_constants.json`, and
    /// block classes calling `setHardness` by its SRG name.
    public static let forge112: FixtureMod = {
        let files: [(String, Data)] = [
            ("mcmod.info", Make.text(#"{"modListVersion": 2, "modList": [{"modid": "rubymod", "name": "Ruby Mod", "version": "1.12.2-1.4.0", "description": "Rubies."}]}"#)),
            ("assets/rubymod/blockstates/ruby_block.json", Make.text("""
                {"forge_marker": 1, "defaults": {"model": "cube_all", "textures": {"all": "rubymod:blocks/ruby_block"}},
                 "variants": {"normal": [{}], "inventory": [{}]}}
                """)),
            ("assets/rubymod/blockstates/ruby_lamp.json", Make.text("""
                {"forge_marker": 1, "defaults": {"model": "cube_all", "textures": {"all": "rubymod:blocks/ruby_lamp_off"}},
                 "variants": {"inventory": [{}], "lit": {"true": {"textures": {"all": "rubymod:blocks/ruby_lamp_on"}}, "false": {}}}}
                """)),
            ("assets/rubymod/models/item/ruby.json", Make.generated("rubymod:items/ruby")),
            ("assets/rubymod/models/item/ruby_pickaxe.json", Make.handheld("rubymod:items/ruby_pickaxe")),
            ("assets/rubymod/textures/blocks/ruby_block.png", Make.png(3)),
            ("assets/rubymod/textures/blocks/ruby_lamp_off.png", Make.png(4)),
            ("assets/rubymod/textures/blocks/ruby_lamp_on.png", Make.png(5)),
            ("assets/rubymod/textures/items/ruby.png", Make.png(6)),
            ("assets/rubymod/textures/items/ruby_pickaxe.png", Make.png(7)),
            ("assets/rubymod/lang/en_us.lang", Make.text("""
                tile.rubymod.ruby_block.name=Block of Ruby
                tile.rubymod.ruby_lamp.name=Ruby Lamp
                item.rubymod.ruby.name=Ruby
                item.rubymod.ruby_pickaxe.name=Ruby Pickaxe
                """)),
            ("assets/rubymod/recipes/_constants.json", Make.text(#"[{"name": "RUBY", "ingredient": {"item": "rubymod:ruby"}}]"#)),
            ("assets/rubymod/recipes/_factories.json", Make.text(#"{"recipes": {}}"#)),
            ("assets/rubymod/recipes/ruby_block.json", Make.text("""
                {"type": "minecraft:crafting_shaped", "pattern": ["###", "###", "###"], "key": {"#": {"item": "rubymod:ruby"}},
                 "result": {"item": "rubymod:ruby_block"}}
                """)),
            ("assets/rubymod/recipes/ruby_from_block.json", Make.text("""
                {"type": "minecraft:crafting_shapeless", "ingredients": [{"item": "rubymod:ruby_block"}], "result": {"item": "rubymod:ruby", "count": 9}}
                """)),
            ("assets/rubymod/recipes/ruby_pickaxe.json", Make.text("""
                {"type": "forge:ore_shaped", "pattern": ["RRR", " S ", " S "],
                 "key": {"R": "#RUBY", "S": {"type": "forge:ore_dict", "ore": "stickWood"}}, "result": {"item": "rubymod:ruby_pickaxe"}}
                """)),
            ("assets/rubymod/recipes/lapis_from_ruby.json", Make.text("""
                {"type": "minecraft:crafting_shapeless", "ingredients": [{"item": "minecraft:dye", "data": 4}, {"item": "rubymod:ruby"}],
                 "result": {"item": "minecraft:dye", "data": 4, "count": 2}}
                """)),
            ("com/rubymod/block/BlockRuby.class", Make.legacyBlockClass(name: "com/rubymod/block/BlockRuby", registry: "ruby_block", hardness: 5, resistance: 10, light: nil)),
            ("com/rubymod/block/BlockRubyLamp.class", Make.legacyBlockClass(name: "com/rubymod/block/BlockRubyLamp", registry: "ruby_lamp", hardness: 0.3, resistance: 2.5, light: 1)),
            ("com/rubymod/tile/TileRubyLamp.class", Make.subclass("com/rubymod/tile/TileRubyLamp", of: "net/minecraft/tileentity/TileEntity")),
        ]
        return FixtureMod(name: "forge-1.12", files: files, expected: [
            .block: [.converted: 2],
            .item: [.converted: 2],
            .recipe: [.converted: 3, .approximated: 1],
            .texture: [.converted: 5],
            .model: [.converted: 2],
            .lang: [.converted: 1],
            .behaviour: [.skipped: 1],
        ])
    }()
}

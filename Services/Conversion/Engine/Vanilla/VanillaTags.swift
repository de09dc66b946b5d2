/// Vanilla and common-convention item tags the jar does not define: which Bedrock item tag stands
/// for a vanilla tag (same meaning, recipes accept it), and the members of the tags Bedrock lacks,
/// so a recipe naming them can be expanded. Written from the vanilla game's tag contents and the
/// `c:`/`forge:` conventions (public knowledge; Bedrock's names per its `item_tags.json`).
enum VanillaTags {
    /// Java tag → Bedrock item tag of the same meaning.
    static let bedrockTags: [String: String] = [
        "minecraft:planks": "minecraft:planks", "minecraft:logs": "minecraft:logs", "minecraft:logs_that_burn": "minecraft:logs_that_burn",
        "minecraft:wool": "minecraft:wool", "minecraft:coals": "minecraft:coals", "minecraft:wooden_slabs": "minecraft:wooden_slabs",
        "minecraft:stone_crafting_materials": "minecraft:stone_crafting_materials", "minecraft:stone_tool_materials": "minecraft:stone_tool_materials",
        "minecraft:soul_fire_base_blocks": "minecraft:soul_fire_base_blocks", "minecraft:stone_bricks": "minecraft:stone_bricks",
        "minecraft:sand": "minecraft:sand", "minecraft:crimson_stems": "minecraft:crimson_stems", "minecraft:warped_stems": "minecraft:warped_stems",
        "minecraft:mangrove_logs": "minecraft:mangrove_logs", "minecraft:trim_templates": "minecraft:trim_templates",
        "minecraft:trim_materials": "minecraft:trim_materials", "minecraft:trimmable_armor": "minecraft:trimmable_armors",
        "minecraft:decorated_pot_sherds": "minecraft:decorated_pot_sherds", "minecraft:music_discs": "minecraft:music_disc",
        "minecraft:boats": "minecraft:boats", "minecraft:doors": "minecraft:door", "minecraft:signs": "minecraft:sign",
        "minecraft:hanging_signs": "minecraft:hanging_sign", "minecraft:bookshelf_books": "minecraft:bookshelf_books",
        "minecraft:lectern_books": "minecraft:lectern_books", "minecraft:eggs": "minecraft:egg", "minecraft:axes": "minecraft:is_axe",
        "minecraft:pickaxes": "minecraft:is_pickaxe", "minecraft:shovels": "minecraft:is_shovel", "minecraft:hoes": "minecraft:is_hoe",
        "minecraft:swords": "minecraft:is_sword", "minecraft:fishes": "minecraft:is_fish",
        "minecraft:arrows": "minecraft:arrow",
    ]

    /// Members (Java ids without `minecraft:`) of vanilla tags Bedrock has no tag for, and of
    /// convention tags that hold several vanilla items.
    static let members: [String: [String]] = {
        let woods = ["oak", "spruce", "birch", "jungle", "acacia", "dark_oak", "mangrove", "cherry", "bamboo", "crimson", "warped"]
        let trees = ["oak", "spruce", "birch", "jungle", "acacia", "dark_oak", "mangrove", "cherry"]
        let colours = ["white", "orange", "magenta", "light_blue", "yellow", "lime", "pink", "gray", "light_gray", "cyan", "purple",
                       "blue", "brown", "green", "red", "black"]
        var table: [String: [String]] = [
            "minecraft:leaves": trees.map { $0 == "mangrove" ? "mangrove_leaves" : "\($0)_leaves" } + ["azalea_leaves", "flowering_azalea_leaves"],
            "minecraft:saplings": trees.filter { $0 != "mangrove" }.map { "\($0)_sapling" } + ["mangrove_propagule", "azalea", "flowering_azalea"],
            "minecraft:wooden_fences": woods.map { "\($0)_fence" }, "minecraft:fences": woods.map { "\($0)_fence" } + ["nether_brick_fence"],
            "minecraft:fence_gates": woods.map { "\($0)_fence_gate" }, "minecraft:wooden_stairs": woods.map { "\($0)_stairs" },
            "minecraft:wooden_buttons": woods.map { "\($0)_button" }, "minecraft:wooden_pressure_plates": woods.map { "\($0)_pressure_plate" },
            "minecraft:wooden_doors": woods.map { "\($0)_door" }, "minecraft:wooden_trapdoors": woods.map { "\($0)_trapdoor" },
            "minecraft:oak_logs": ["oak_log", "oak_wood", "stripped_oak_log", "stripped_oak_wood"],
            "minecraft:spruce_logs": ["spruce_log", "spruce_wood", "stripped_spruce_log", "stripped_spruce_wood"],
            "minecraft:birch_logs": ["birch_log", "birch_wood", "stripped_birch_log", "stripped_birch_wood"],
            "minecraft:jungle_logs": ["jungle_log", "jungle_wood", "stripped_jungle_log", "stripped_jungle_wood"],
            "minecraft:acacia_logs": ["acacia_log", "acacia_wood", "stripped_acacia_log", "stripped_acacia_wood"],
            "minecraft:dark_oak_logs": ["dark_oak_log", "dark_oak_wood", "stripped_dark_oak_log", "stripped_dark_oak_wood"],
            "minecraft:cherry_logs": ["cherry_log", "cherry_wood", "stripped_cherry_log", "stripped_cherry_wood"],
            "minecraft:wool_carpets": colours.map { "\($0)_carpet" }, "minecraft:carpets": colours.map { "\($0)_carpet" },
            "minecraft:terracotta": ["terracotta"] + colours.map { "\($0)_terracotta" }, "minecraft:candles": ["candle"] + colours.map { "\($0)_candle" },
            "minecraft:beds": colours.map { "\($0)_bed" }, "minecraft:banners": colours.map { "\($0)_banner" },
            "minecraft:small_flowers": ["dandelion", "poppy", "blue_orchid", "allium", "azure_bluet", "red_tulip", "orange_tulip", "white_tulip",
                                        "pink_tulip", "oxeye_daisy", "cornflower", "lily_of_the_valley", "wither_rose", "torchflower"],
            "minecraft:flowers": ["dandelion", "poppy", "blue_orchid", "allium", "azure_bluet", "red_tulip", "orange_tulip", "white_tulip",
                                  "pink_tulip", "oxeye_daisy", "cornflower", "lily_of_the_valley", "sunflower", "lilac", "rose_bush", "peony"],
            "minecraft:rails": ["rail", "powered_rail", "detector_rail", "activator_rail"], "minecraft:anvil": ["anvil", "chipped_anvil", "damaged_anvil"],
            "minecraft:stone_buttons": ["stone_button", "polished_blackstone_button"], "minecraft:buttons": woods.map { "\($0)_button" } + ["stone_button"],
            "minecraft:slabs": woods.map { "\($0)_slab" } + ["stone_slab", "smooth_stone_slab", "cobblestone_slab", "stone_brick_slab", "sandstone_slab", "brick_slab"],
            "minecraft:stairs": woods.map { "\($0)_stairs" } + ["stone_stairs", "cobblestone_stairs", "stone_brick_stairs", "sandstone_stairs", "brick_stairs"],
            "minecraft:walls": ["cobblestone_wall", "mossy_cobblestone_wall", "stone_brick_wall", "brick_wall", "sandstone_wall", "andesite_wall"],
            "minecraft:dirt": ["dirt", "coarse_dirt", "rooted_dirt", "grass_block", "podzol", "mycelium", "moss_block", "mud"],
            "minecraft:iron_ores": ["iron_ore", "deepslate_iron_ore"], "minecraft:gold_ores": ["gold_ore", "deepslate_gold_ore", "nether_gold_ore"],
            "minecraft:copper_ores": ["copper_ore", "deepslate_copper_ore"], "minecraft:coal_ores": ["coal_ore", "deepslate_coal_ore"],
            "minecraft:diamond_ores": ["diamond_ore", "deepslate_diamond_ore"], "minecraft:emerald_ores": ["emerald_ore", "deepslate_emerald_ore"],
            "minecraft:lapis_ores": ["lapis_ore", "deepslate_lapis_ore"], "minecraft:redstone_ores": ["redstone_ore", "deepslate_redstone_ore"],
            "minecraft:shulker_boxes": ["shulker_box"] + colours.map { "\($0)_shulker_box" },
            "minecraft:iron_tool_materials": ["iron_ingot"], "minecraft:gold_tool_materials": ["gold_ingot"], "minecraft:diamond_tool_materials": ["diamond"],
            "minecraft:wooden_tool_materials": woods.map { "\($0)_planks" }, "minecraft:netherite_tool_materials": ["netherite_ingot"],
            "minecraft:chest_boats": trees.map { "\($0)_chest_boat" }, "minecraft:trapdoors": woods.map { "\($0)_trapdoor" } + ["iron_trapdoor"],
            // Tags Bedrock has too: their members, for a furnace input (one item per recipe there).
            "minecraft:planks": woods.map { "\($0)_planks" }, "minecraft:wool": colours.map { "\($0)_wool" }, "minecraft:coals": ["coal", "charcoal"],
            "minecraft:logs_that_burn": trees.flatMap { ["\($0)_log", "\($0)_wood", "stripped_\($0)_log", "stripped_\($0)_wood"] },
            "minecraft:logs": trees.flatMap { ["\($0)_log", "\($0)_wood", "stripped_\($0)_log", "stripped_\($0)_wood"] }
                + ["crimson_stem", "warped_stem", "crimson_hyphae", "warped_hyphae"],
            "minecraft:sand": ["sand", "red_sand"], "minecraft:stone_bricks": ["stone_bricks", "mossy_stone_bricks", "cracked_stone_bricks", "chiseled_stone_bricks"],
            "minecraft:wooden_slabs": woods.map { "\($0)_slab" },
        ]
        // Convention tags (`c:`/`forge:` paths) of several vanilla items.
        let conventions: [String: [String]] = [
            "dyes": colours.map { "\($0)_dye" }, "glass_blocks": ["glass"] + colours.map { "\($0)_stained_glass" },
            "glass_panes": ["glass_pane"] + colours.map { "\($0)_stained_glass_pane" }, "ingots": ["iron_ingot", "gold_ingot", "copper_ingot", "netherite_ingot"],
            "nuggets": ["iron_nugget", "gold_nugget"], "gems": ["diamond", "emerald", "lapis_lazuli", "quartz", "amethyst_shard"],
            "ores/iron": ["iron_ore", "deepslate_iron_ore"], "ores/gold": ["gold_ore", "deepslate_gold_ore"], "ores/copper": ["copper_ore", "deepslate_copper_ore"],
            "ores/coal": ["coal_ore", "deepslate_coal_ore"], "ores/diamond": ["diamond_ore", "deepslate_diamond_ore"],
            "ores/redstone": ["redstone_ore", "deepslate_redstone_ore"], "ores/lapis": ["lapis_ore", "deepslate_lapis_ore"],
            "ores/emerald": ["emerald_ore", "deepslate_emerald_ore"], "ores/quartz": ["nether_quartz_ore"], "seeds": ["wheat_seeds", "melon_seeds", "pumpkin_seeds", "beetroot_seeds"],
            "seeds/wheat": ["wheat_seeds"], "seeds/melon": ["melon_seeds"], "seeds/pumpkin": ["pumpkin_seeds"], "seeds/beetroot": ["beetroot_seeds"],
            "crops": ["wheat", "carrot", "potato", "beetroot", "nether_wart"], "crops/carrot": ["carrot"], "crops/potato": ["potato"],
            "crops/beetroot": ["beetroot"], "crops/nether_wart": ["nether_wart"], "vegetables": ["carrot", "potato", "beetroot"],
            "vegetables/carrot": ["carrot"], "vegetables/potato": ["potato"], "vegetables/beetroot": ["beetroot"], "fruits/apple": ["apple"],
            "mushrooms": ["red_mushroom", "brown_mushroom"], "chests": ["chest", "trapped_chest"], "chests/trapped": ["trapped_chest"],
            "storage_blocks/copper": ["copper_block"], "storage_blocks/emerald": ["emerald_block"], "storage_blocks/lapis": ["lapis_block"],
            "storage_blocks/redstone": ["redstone_block"], "storage_blocks/netherite": ["netherite_block"], "storage_blocks/raw_iron": ["raw_iron_block"],
            "storage_blocks/raw_gold": ["raw_gold_block"], "storage_blocks/raw_copper": ["raw_copper_block"], "storage_blocks/quartz": ["quartz_block"],
            "storage_blocks/wheat": ["hay_block"], "storage_blocks/slime": ["slime_block"], "storage_blocks/bone_meal": ["bone_block"],
            "sandstone/blocks": ["sandstone", "red_sandstone"], "sandstone": ["sandstone", "red_sandstone"], "netherracks": ["netherrack"],
            "netherrack": ["netherrack"], "end_stones": ["end_stone"], "end_stone": ["end_stone"], "heads": ["skeleton_skull", "zombie_head", "creeper_head"],
            "dusts/prismarine": ["prismarine_shard"], "rods": ["stick", "blaze_rod"], "foods/raw_meat": ["beef", "porkchop", "chicken", "mutton", "rabbit"],
            "foods/cooked_meat": ["cooked_beef", "cooked_porkchop", "cooked_chicken", "cooked_mutton", "cooked_rabbit"],
            "foods/raw_fish": ["cod", "salmon"], "foods/cooked_fish": ["cooked_cod", "cooked_salmon"], "milk": ["milk_bucket"], "buckets/milk": ["milk_bucket"],
            "buckets/water": ["water_bucket"], "buckets/empty": ["bucket"], "tools/shears": ["shears"], "shears": ["shears"], "bricks/normal": ["brick"],
            "bricks/nether": ["nether_brick"], "ingots/brick": ["brick"], "ingots/nether_brick": ["nether_brick"], "dyes/white": ["white_dye"],
        ]
        for (path, items) in conventions {
            table["c:" + path] = items
            table["forge:" + path] = items
        }
        for colour in colours {
            table["c:dyes/\(colour)"] = ["\(colour)_dye"]
            table["forge:dyes/\(colour)"] = ["\(colour)_dye"]
        }
        return table.mapValues { $0.map { "minecraft:" + $0 } }
    }()
}

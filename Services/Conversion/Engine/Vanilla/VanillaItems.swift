/// Vanilla Java item ids and their Bedrock equivalents, plus the tags and legacy (1.12) ids
/// recipes name. Built from the generated table once per process.
public enum VanillaItems {
    /// A Bedrock item reference: identifier and, where Bedrock still needs one, a data value.
    public struct BedrockItem: Sendable, Equatable {
        public var identifier: String
        public var data: Int

        public init(_ identifier: String, data: Int = 0) {
            self.identifier = identifier
            self.data = data
        }
    }

    /// Java id (`minecraft:cobweb`) → Bedrock item.
    static let map: [String: BedrockItem] = {
        var map: [String: BedrockItem] = [:]
        for entry in table.split(whereSeparator: { $0 == "\n" || $0 == "," }) {
            let parts = entry.split(separator: " ")
            let java = "minecraft:" + parts[0]
            let bedrock = parts.count > 1 ? "minecraft:" + parts[1] : java
            map[java] = BedrockItem(bedrock, data: parts.count > 2 ? Int(parts[2]) ?? 0 : 0)
        }
        return map
    }()

    /// Every Bedrock identifier the table knows.
    public static let bedrockIdentifiers: Set<String> = Set(map.values.map(\.identifier))

    /// The Bedrock item for a vanilla Java id (`minecraft:` may be omitted); `nil` when unknown.
    public static func bedrock(forJava id: String) -> BedrockItem? {
        map[id.contains(":") ? id : "minecraft:" + id]
    }

    /// Vanilla Java item tags that Bedrock recipes accept as item tags of the same meaning.
    static let bedrockTags: [String: String] = [
        "minecraft:planks": "minecraft:planks", "minecraft:logs": "minecraft:logs",
        "minecraft:logs_that_burn": "minecraft:logs_that_burn", "minecraft:wool": "minecraft:wool",
        "minecraft:coals": "minecraft:coals", "minecraft:wooden_slabs": "minecraft:wooden_slabs",
        "minecraft:stone_crafting_materials": "minecraft:stone_crafting_materials",
        "minecraft:stone_tool_materials": "minecraft:stone_tool_materials",
        "minecraft:soul_fire_base_blocks": "minecraft:soul_fire_base_blocks",
    ]

    /// Common-convention tags (`c:`, `forge:`, `fabric:`) that name one vanilla item, by their path in
    /// both spellings (`ingots/iron` and the older Fabric `iron_ingots`).
    static let conventionTags: [String: String] = {
        let pairs: [(String, String)] = [
            ("ingots/iron", "iron_ingot"), ("ingots/gold", "gold_ingot"), ("ingots/copper", "copper_ingot"),
            ("ingots/netherite", "netherite_ingot"), ("ingots/brick", "brick"), ("gems/diamond", "diamond"),
            ("gems/emerald", "emerald"), ("gems/lapis", "lapis_lazuli"), ("gems/quartz", "quartz"),
            ("gems/amethyst", "amethyst_shard"), ("nuggets/iron", "iron_nugget"), ("nuggets/gold", "gold_nugget"),
            ("rods/wooden", "stick"), ("rods/blaze", "blaze_rod"), ("dusts/redstone", "redstone"),
            ("dusts/glowstone", "glowstone_dust"), ("storage_blocks/iron", "iron_block"),
            ("storage_blocks/gold", "gold_block"), ("storage_blocks/diamond", "diamond_block"),
            ("storage_blocks/coal", "coal_block"), ("cobblestones", "cobblestone"), ("cobblestone", "cobblestone"),
            ("stones", "stone"), ("stone", "stone"), ("strings", "string"), ("string", "string"),
            ("leathers", "leather"), ("leather", "leather"), ("chests", "chest"), ("chests/wooden", "chest"),
            ("glass_blocks", "glass"), ("glass", "glass"), ("feathers", "feather"), ("gunpowders", "gunpowder"),
            ("gunpowder", "gunpowder"), ("bones", "bone"), ("slime_balls", "slime_ball"), ("slimeballs", "slime_ball"),
            ("eggs", "egg"), ("obsidians", "obsidian"), ("obsidian", "obsidian"), ("sands", "sand"), ("sand", "sand"),
            ("gravels", "gravel"), ("gravel", "gravel"), ("ender_pearls", "ender_pearl"), ("crops/wheat", "wheat"),
            ("raw_materials/iron", "raw_iron"), ("raw_materials/gold", "raw_gold"), ("raw_materials/copper", "raw_copper"),
        ]
        var table: [String: String] = [:]
        for (path, item) in pairs {
            table[path] = "minecraft:" + item
            let parts = path.split(separator: "/")
            if parts.count == 2 { table["\(parts[1])_\(parts[0])"] = "minecraft:" + item }
        }
        return table
    }()

    /// Forge 1.12 ore-dictionary names that stand for one vanilla item.
    static let oreDictionary: [String: String] = [
        "ingotIron": "iron_ingot", "ingotGold": "gold_ingot", "gemDiamond": "diamond", "gemEmerald": "emerald",
        "gemLapis": "lapis_lazuli", "gemQuartz": "quartz", "nuggetIron": "iron_nugget", "nuggetGold": "gold_nugget",
        "stickWood": "stick", "plankWood": "oak_planks", "logWood": "oak_log", "slabWood": "oak_slab",
        "stone": "stone", "cobblestone": "cobblestone", "dustRedstone": "redstone", "dustGlowstone": "glowstone_dust",
        "blockIron": "iron_block", "blockGold": "gold_block", "blockDiamond": "diamond_block", "string": "string",
        "leather": "leather", "chestWood": "chest", "blockGlass": "glass", "paneGlass": "glass_pane", "sand": "sand",
        "gravel": "gravel", "obsidian": "obsidian", "feather": "feather", "gunpowder": "gunpowder", "bone": "bone",
        "slimeball": "slime_ball", "enderpearl": "ender_pearl", "cropWheat": "wheat", "egg": "egg",
        "treeSapling": "oak_sapling", "treeLeaves": "oak_leaves", "dye": "white_dye", "wool": "white_wool",
    ]

    /// 1.12 items whose meaning depends on a `data` value, → the flattened Java id.
    static let legacyWithData: [String: [String]] = [
        "minecraft:dye": ["ink_sac", "red_dye", "green_dye", "cocoa_beans", "lapis_lazuli", "purple_dye", "cyan_dye",
                          "light_gray_dye", "gray_dye", "pink_dye", "lime_dye", "yellow_dye", "light_blue_dye",
                          "magenta_dye", "orange_dye", "bone_meal"],
        "minecraft:wool": colours("wool"), "minecraft:stained_glass": colours("stained_glass"),
        "minecraft:stained_hardened_clay": colours("terracotta"), "minecraft:concrete": colours("concrete"),
        "minecraft:carpet": colours("carpet"),
        "minecraft:planks": ["oak_planks", "spruce_planks", "birch_planks", "jungle_planks", "acacia_planks", "dark_oak_planks"],
        "minecraft:log": ["oak_log", "spruce_log", "birch_log", "jungle_log"],
        "minecraft:log2": ["acacia_log", "dark_oak_log"],
        "minecraft:sapling": ["oak_sapling", "spruce_sapling", "birch_sapling", "jungle_sapling", "acacia_sapling", "dark_oak_sapling"],
        "minecraft:stone": ["stone", "granite", "polished_granite", "diorite", "polished_diorite", "andesite", "polished_andesite"],
        "minecraft:coal": ["coal", "charcoal"],
        "minecraft:sand": ["sand", "red_sand"],
        "minecraft:wooden_slab": ["oak_slab", "spruce_slab", "birch_slab", "jungle_slab", "acacia_slab", "dark_oak_slab"],
        "minecraft:golden_apple": ["golden_apple", "enchanted_golden_apple"],
        "minecraft:skull": ["skeleton_skull", "wither_skeleton_skull", "zombie_head", "player_head", "creeper_head", "dragon_head"],
    ]

    /// 1.12 ids renamed in 1.13 (without a data value).
    static let legacyRenamed: [String: String] = [
        "minecraft:web": "cobweb", "minecraft:reeds": "sugar_cane", "minecraft:wooden_door": "oak_door",
        "minecraft:boat": "oak_boat", "minecraft:fence": "oak_fence", "minecraft:fence_gate": "oak_fence_gate",
        "minecraft:trapdoor": "oak_trapdoor", "minecraft:wooden_pressure_plate": "oak_pressure_plate",
        "minecraft:wooden_button": "oak_button", "minecraft:noteblock": "note_block", "minecraft:lit_pumpkin": "jack_o_lantern",
        "minecraft:melon_block": "melon", "minecraft:melon": "melon_slice", "minecraft:speckled_melon": "glistering_melon_slice",
        "minecraft:snow_layer": "snow", "minecraft:snow": "snow_block", "minecraft:brick_block": "bricks",
        "minecraft:nether_brick": "nether_bricks", "minecraft:netherbrick": "nether_brick", "minecraft:quartz_ore": "nether_quartz_ore",
        "minecraft:hardened_clay": "terracotta", "minecraft:stonebrick": "stone_bricks", "minecraft:mob_spawner": "spawner",
        "minecraft:golden_rail": "powered_rail", "minecraft:waterlily": "lily_pad", "minecraft:deadbush": "dead_bush",
        "minecraft:tallgrass": "grass", "minecraft:yellow_flower": "dandelion", "minecraft:red_flower": "poppy",
        "minecraft:fish": "cod", "minecraft:cooked_fish": "cooked_cod", "minecraft:slime": "slime_block",
        "minecraft:magma": "magma_block", "minecraft:end_bricks": "end_stone_bricks", "minecraft:sign": "oak_sign",
        "minecraft:bed": "red_bed", "minecraft:banner": "white_banner", "minecraft:crafting_table": "crafting_table",
        "minecraft:chorus_fruit_popped": "popped_chorus_fruit", "minecraft:fireworks": "firework_rocket",
        "minecraft:netherbrick_fence": "nether_brick_fence", "minecraft:stone_slab": "smooth_stone_slab",
    ]

    private static func colours(_ suffix: String) -> [String] {
        ["white", "orange", "magenta", "light_blue", "yellow", "lime", "pink", "gray", "light_gray", "cyan", "purple",
         "blue", "brown", "green", "red", "black"].map { "\($0)_\(suffix)" }
    }

    /// The flattened Java id for a 1.12 id and data value, or `nil` when nothing is known.
    public static func flattened(legacy id: String, data: Int?) -> String? {
        let full = id.contains(":") ? id : "minecraft:" + id
        if let variants = legacyWithData[full] {
            let index = data ?? 0
            return variants.indices.contains(index) ? "minecraft:" + variants[index] : nil
        }
        if let renamed = legacyRenamed[full] { return "minecraft:" + renamed }
        return map[full] != nil ? full : nil
    }
}

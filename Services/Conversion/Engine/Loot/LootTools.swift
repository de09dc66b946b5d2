/// Java's `match_tool` predicates → Bedrock's `match_tool` condition: silk touch (every spelling
/// since 1.12: `enchantments[{enchantment}]`, 1.20.5's `predicates."minecraft:enchantments"`, 1.21's
/// `enchantments` field), one item (`item`, `items`), or a tool tag as Bedrock's item tags
/// (`minecraft:is_pickaxe`, `minecraft:is_shears`, …). Every condition carries `count: 1`: without
/// it Bedrock's `match_tool` also matches an empty hand.
enum LootTools {
    static let toolTags: [String: String] = [
        "shears": "minecraft:is_shears", "tools/shears": "minecraft:is_shears", "pickaxes": "minecraft:is_pickaxe", "tools/pickaxes": "minecraft:is_pickaxe",
        "tools/pickaxe": "minecraft:is_pickaxe", "axes": "minecraft:is_axe", "tools/axes": "minecraft:is_axe", "tools/axe": "minecraft:is_axe",
        "shovels": "minecraft:is_shovel", "tools/shovels": "minecraft:is_shovel", "tools/shovel": "minecraft:is_shovel", "hoes": "minecraft:is_hoe",
        "tools/hoes": "minecraft:is_hoe", "tools/hoe": "minecraft:is_hoe", "swords": "minecraft:is_sword", "tools/swords": "minecraft:is_sword",
        "tools/sword": "minecraft:is_sword", "tools/knives": "minecraft:is_sword", "knives": "minecraft:is_sword",
    ]

    /// The Bedrock condition, or `nil` when the predicate tests something Bedrock cannot.
    static func matchTool(_ predicate: JSONValue, context: ConversionContext, items: (String) -> VanillaItems.BedrockItem?) -> JSONValue? {
        var members = [JSONMember(key: "condition", value: .string("match_tool")), JSONMember(key: "count", value: .number(1))]
        var tested = false
        let enchantments = predicate["enchantments"]?.arrayValue ?? predicate["predicates"]?["minecraft:enchantments"]?.arrayValue ?? []
        var bedrockEnchantments: [JSONValue] = []
        for enchantment in enchantments {
            let ids = enchantment["enchantment"]?.stringValue.map { [$0] } ?? enchantment["enchantments"]?.stringValue.map { [$0] }
                ?? enchantment["enchantments"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for id in ids {
                let name = String(id.split(separator: ":").last ?? "")
                guard ["silk_touch", "fortune", "looting", "efficiency", "unbreaking"].contains(name) else { continue }
                let minimum = enchantment["levels"]?["min"]?.numberValue ?? enchantment["levels"]?.numberValue ?? 1
                bedrockEnchantments.append(.object([
                    JSONMember(key: "enchantment", value: .string(name)),
                    JSONMember(key: "levels", value: .object([JSONMember(key: "range_min", value: .number(minimum))])),
                ]))
            }
        }
        if !bedrockEnchantments.isEmpty {
            members.append(JSONMember(key: "enchantments", value: .array(bedrockEnchantments)))
            tested = true
        }
        var itemIDs: [String] = []
        if let item = predicate["item"]?.stringValue { itemIDs.append(item) }
        if let list = predicate["items"]?.arrayValue { itemIDs += list.compactMap(\.stringValue) }
        var tag = predicate["tag"]?.stringValue
        if let text = predicate["items"]?.stringValue {
            if text.hasPrefix("#") { tag = String(text.dropFirst()) } else { itemIDs.append(text) }
        }
        if let tag, let id = ResourceLocation(tag), let bedrock = toolTags[id.path] {
            members.append(JSONMember(key: "minecraft:match_tool_filter_any", value: .array([.string(bedrock)])))
            tested = true
        } else if tag != nil {
            return nil
        }
        if let first = itemIDs.first {
            guard itemIDs.count == 1, let item = items(first) else {
                if let bedrock = itemIDs.lazy.compactMap({ toolTags[String($0.split(separator: ":").last ?? "") + "s"] }).first {
                    members.append(JSONMember(key: "minecraft:match_tool_filter_any", value: .array([.string(bedrock)])))
                    return .object(members)
                }
                return nil
            }
            members.append(JSONMember(key: "item", value: .string(item.identifier)))
            tested = true
        }
        return tested ? .object(members) : nil
    }
}

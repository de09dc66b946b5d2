import Foundation

/// Loot tables → Bedrock loot tables that the schema and the game accept. Pools, integer rolls, item
/// entries (weights of at least 1), item tags opened into their items, nested tables; `set_count`,
/// looting and smelting functions; silk-touch and tool conditions as `match_tool` (a hand must hold
/// something), `random_chance`, looting chances and `killed_by_player`. Bedrock has no entry-level
/// conditions, so an entry that carries some gets a pool of its own. What Bedrock lacks (copying
/// NBT or names, explosion decay, fortune bonuses, block-state tests) is named in the report.
/// Block tables are linked from their block (`minecraft:loot`).
struct LootTableConverter {
    let context: ConversionContext
    let items: (String) -> VanillaItems.BedrockItem?

    func run() {
        for (id, entry) in context.contents.lootTables.sorted(by: { $0.key < $1.key }) where context.contents.isOwn(id.namespace) {
            let path = "loot_tables/\(id.namespace)/\(id.path).json"
            guard let json = context.contents.json(entry) else {
                context.add(.lootTable, id.description, nil, .failed, .init(standIn: "the block drops itself", reason: context.contents.problem(entry), impact: .low))
                continue
            }
            var lost: [String] = []
            var pools: [JSONValue] = []
            for pool in json["pools"]?.arrayValue ?? [] { pools += convert(pool: pool, lost: &lost) }
            if json["pools"]?.arrayValue?.isEmpty == false, pools.isEmpty {
                context.add(.lootTable, id.description, nil, .skipped, .init(
                    standIn: "nothing drops", reason: "no entry names an item Bedrock has (\(Self.unique(lost).joined(separator: ", ")))", impact: .medium))
                continue
            }
            context.write(.object([JSONMember(key: "pools", value: .array(pools))]), to: path, behavior: true)
            if id.path.hasPrefix("blocks/") {
                context.blockLoot[ResourceLocation(namespace: id.namespace, path: String(id.path.dropFirst(7)))] = path
            }
            if lost.isEmpty {
                context.add(.lootTable, id.description, path, .converted)
            } else {
                context.add(.lootTable, id.description, path, .approximated, .init(
                    standIn: "the drops without: " + Self.unique(lost).joined(separator: ", "),
                    reason: "Bedrock loot tables lack these Java functions and conditions", impact: .low))
            }
        }
    }

    /// One Java pool → Bedrock pools: the entries without conditions together, each entry with
    /// conditions in a pool of its own (the pool's conditions added to it).
    private func convert(pool: JSONValue, lost: inout [String]) -> [JSONValue] {
        let poolConditions = conditions(pool["conditions"]?.arrayValue ?? [], lost: &lost)
        if pool["functions"] != nil { lost.append("pool functions") }
        var plain: [JSONValue] = []
        var own: [(JSONValue, [JSONValue])] = []
        for candidate in flatten(pool["entries"]?.arrayValue ?? [], lost: &lost, depth: 0) {
            let entryConditions = conditions(candidate["conditions"]?.arrayValue ?? [], lost: &lost)
            for converted in convert(entry: candidate, lost: &lost) {
                if entryConditions.isEmpty { plain.append(converted) } else { own.append((converted, entryConditions)) }
            }
        }
        var pools: [JSONValue] = []
        let rolls = integerRange(pool["rolls"] ?? .number(1))
        if !plain.isEmpty { pools.append(Self.pool(rolls: rolls, conditions: poolConditions, entries: plain)) }
        for (entry, extra) in own { pools.append(Self.pool(rolls: rolls, conditions: poolConditions + extra, entries: [entry])) }
        if !own.isEmpty, own.count + (plain.isEmpty ? 0 : 1) > 1 { lost.append("one roll shared by entries with their own conditions (each has its own pool)") }
        return pools
    }

    static func pool(rolls: JSONValue, conditions: [JSONValue], entries: [JSONValue]) -> JSONValue {
        var members = [JSONMember(key: "rolls", value: rolls)]
        if !conditions.isEmpty { members.append(JSONMember(key: "conditions", value: .array(conditions))) }
        members.append(JSONMember(key: "entries", value: .array(entries)))
        return .object(members)
    }

    /// `alternatives`/`group`/`sequence` entries opened into their children. Java's `alternatives`
    /// takes the first child whose conditions hold (silk touch, else the plain drop); Bedrock cannot
    /// say "not silk touch", so the unconditional child is kept (the conditional one when none is).
    private func flatten(_ entries: [JSONValue], lost: inout [String], depth: Int) -> [JSONValue] {
        guard depth < 8 else { return [] }
        var result: [JSONValue] = []
        for entry in entries.prefix(1_024) {
            let type = Self.shortType(entry["type"]?.stringValue ?? "item")
            if type == "alternatives", let children = entry["children"]?.arrayValue, !children.isEmpty {
                let chosen = children.first { $0["conditions"] == nil } ?? children[0]
                if children.count > 1 { lost.append("alternatives (the plain choice is kept)") }
                result += flatten([chosen], lost: &lost, depth: depth + 1)
            } else if type == "group" || type == "sequence", let children = entry["children"]?.arrayValue {
                result += flatten(children, lost: &lost, depth: depth + 1)
            } else {
                result.append(entry)
            }
        }
        return result
    }

    private func convert(entry: JSONValue, lost: inout [String]) -> [JSONValue] {
        let type = Self.shortType(entry["type"]?.stringValue ?? "item")
        let weight = Int((entry["weight"]?.numberValue ?? 1).rounded())
        guard weight >= 1 else {
            lost.append("an entry of weight \(weight) (it never drops)")
            return []
        }
        var base: [[JSONMember]]
        switch type {
        case "item":
            guard let name = entry["name"]?.stringValue, let item = items(name) else {
                lost.append("entry \(entry["name"]?.stringValue ?? "?")")
                return []
            }
            base = [[JSONMember(key: "type", value: .string("item")), JSONMember(key: "name", value: .string(item.identifier))]]
        case "tag":
            let tag = entry["name"]?.stringValue ?? ""
            let members = RecipeIngredients(context: context, constants: [:]).tagMembers(tag).compactMap(items)
            guard !members.isEmpty else {
                lost.append("tag entry #\(tag)")
                return []
            }
            base = members.prefix(64).map { [JSONMember(key: "type", value: .string("item")), JSONMember(key: "name", value: .string($0.identifier))] }
            if entry["expand"] != .bool(true) { lost.append("a tag entry dropping every member at once (one of them drops)") }
        case "loot_table":
            let reference = (entry["value"] ?? entry["name"])?.stringValue.flatMap { ResourceLocation($0) }
            guard let reference, context.contents.lootTables[reference] != nil, context.contents.isOwn(reference.namespace) else {
                lost.append("a nested loot table that is not the mod's")
                return []
            }
            base = [[JSONMember(key: "type", value: .string("loot_table")), JSONMember(key: "name", value: .string("loot_tables/\(reference.namespace)/\(reference.path)"))]]
        case "empty":
            base = [[JSONMember(key: "type", value: .string("empty"))]]
        default:
            lost.append("\(type) entry")
            return []
        }
        let functions = self.functions(entry["functions"]?.arrayValue ?? [], lost: &lost)
        return base.map { members in
            var members = members
            members.append(JSONMember(key: "weight", value: .number(Double(weight))))
            if !functions.isEmpty { members.append(JSONMember(key: "functions", value: .array(functions))) }
            return .object(members)
        }
    }

    private func functions(_ list: [JSONValue], lost: inout [String]) -> [JSONValue] {
        var result: [JSONValue] = []
        for function in list {
            let name = Self.shortType(function["function"]?.stringValue ?? "")
            switch name {
            case "set_count":
                guard let count = function["count"] else { continue }
                if function["add"] == .bool(true) { lost.append("set_count adding to the count") }
                result.append(.object([JSONMember(key: "function", value: .string("set_count")), JSONMember(key: "count", value: integerRange(count))]))
            case "looting_enchant", "enchanted_count_increase":
                result.append(.object([JSONMember(key: "function", value: .string("looting_enchant")),
                                       JSONMember(key: "count", value: integerRange(function["count"] ?? .number(1)))]))
            case "furnace_smelt":
                result.append(.object([JSONMember(key: "function", value: .string("furnace_smelt"))]))
            case "explosion_decay": lost.append("explosion decay")
            case "apply_bonus": lost.append("fortune bonus (apply_bonus)")
            case "copy_name", "copy_nbt", "copy_components", "copy_custom_data", "set_nbt", "set_custom_data", "copy_state", "set_contents":
                lost.append("\(name) (the block's data is not carried)")
            default: lost.append("function \(name)")
            }
        }
        return result
    }

    /// Java conditions → Bedrock's (those it has); the rest named.
    private func conditions(_ list: [JSONValue], lost: inout [String]) -> [JSONValue] {
        var result: [JSONValue] = []
        for condition in list {
            let name = Self.shortType(condition["condition"]?.stringValue ?? "")
            switch name {
            case "survives_explosion": lost.append("explosion survival chance")
            case "match_tool":
                if let converted = LootTools.matchTool(condition["predicate"] ?? .object([]), context: context, items: items) {
                    result.append(converted)
                } else {
                    lost.append("a tool condition Bedrock cannot test")
                }
            case "random_chance":
                result.append(.object([JSONMember(key: "condition", value: .string("random_chance")),
                                       JSONMember(key: "chance", value: .number(condition["chance"]?.numberValue ?? condition["chance"]?["value"]?.numberValue ?? 1))]))
            case "random_chance_with_looting":
                result.append(.object([JSONMember(key: "condition", value: .string("random_chance_with_looting")),
                                       JSONMember(key: "chance", value: .number(condition["chance"]?.numberValue ?? 1)),
                                       JSONMember(key: "looting_multiplier", value: .number(condition["looting_multiplier"]?.numberValue ?? 0))]))
            case "random_chance_with_enchanted_bonus":
                let chance = condition["unenchanted_chance"]?.numberValue ?? condition["enchanted_chance"]?["base"]?.numberValue ?? 1
                let perLevel = condition["enchanted_chance"]?["per_level_above_first"]?.numberValue ?? 0
                result.append(.object([JSONMember(key: "condition", value: .string("random_chance_with_looting")),
                                       JSONMember(key: "chance", value: .number(chance)), JSONMember(key: "looting_multiplier", value: .number(perLevel))]))
            case "killed_by_player":
                result.append(.object([JSONMember(key: "condition", value: .string("killed_by_player"))]))
            case "table_bonus":
                let first = condition["chances"]?.arrayValue?.first?.numberValue ?? 1
                result.append(.object([JSONMember(key: "condition", value: .string("random_chance")), JSONMember(key: "chance", value: .number(first))]))
                lost.append("fortune raising the chance (table_bonus)")
            case "block_state_property": lost.append("a block-state test (e.g. a crop's age)")
            default: lost.append("condition \(name)")
            }
        }
        return result
    }

    /// An integer or `{min, max}` of integers (Bedrock's schema takes no fractions).
    private func integerRange(_ value: JSONValue) -> JSONValue {
        func whole(_ number: Double) -> JSONValue { .number(max(0, number.rounded())) }
        if let number = value.numberValue { return whole(number) }
        if let min = value["min"]?.numberValue, let max = value["max"]?.numberValue {
            return .object([JSONMember(key: "min", value: whole(min)), JSONMember(key: "max", value: whole(Swift.max(min, max)))])
        }
        if let constant = value["value"]?.numberValue { return whole(constant) }
        if let n = value["n"]?.numberValue, let p = value["p"]?.numberValue { return whole(n * p) }
        return .number(1)
    }

    static func shortType(_ type: String) -> String { type.split(separator: ":").last.map(String.init) ?? type }

    static func unique(_ list: [String]) -> [String] { Array(Set(list)).sorted() }
}

import Foundation

/// Loot tables → Bedrock loot tables. Pools, rolls, item entries, `set_count` and the conditions
/// and functions Bedrock shares map; the rest is dropped and reported. Block tables are linked from
/// their block (`minecraft:loot`).
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
            var dropped: [String] = []
            var pools: [JSONValue] = []
            for pool in json["pools"]?.arrayValue ?? [] {
                var entries: [JSONValue] = []
                for candidate in flatten(pool["entries"]?.arrayValue ?? [], dropped: &dropped) {
                    if let converted = convertEntry(candidate, dropped: &dropped) { entries.append(converted) }
                }
                guard !entries.isEmpty else { continue }
                for condition in pool["conditions"]?.arrayValue ?? [] {
                    let name = condition["condition"]?.stringValue ?? ""
                    if !name.hasSuffix("survives_explosion") { dropped.append("pool condition \(name)") }
                }
                pools.append(.object([
                    JSONMember(key: "rolls", value: rolls(pool["rolls"])),
                    JSONMember(key: "entries", value: .array(entries)),
                ]))
            }
            if json["pools"]?.arrayValue?.isEmpty == false, pools.isEmpty {
                context.add(.lootTable, id.description, nil, .skipped, .init(
                    standIn: "nothing drops", reason: "no entry names an item Bedrock has (\(dropped.joined(separator: ", ")))", impact: .medium))
                continue
            }
            context.write(.object([JSONMember(key: "pools", value: .array(pools))]), to: path, behavior: true)
            if id.path.hasPrefix("blocks/") {
                context.blockLoot[ResourceLocation(namespace: id.namespace, path: String(id.path.dropFirst(7)))] = path
            }
            if dropped.isEmpty {
                context.add(.lootTable, id.description, path, .converted)
            } else {
                context.add(.lootTable, id.description, path, .approximated, .init(
                    standIn: "the drops without: " + Array(Set(dropped)).sorted().joined(separator: ", "),
                    reason: "Bedrock loot tables lack these Java functions and conditions", impact: .low))
            }
        }
    }

    /// `alternatives`/`group`/`sequence` entries opened into their children.
    private func flatten(_ entries: [JSONValue], dropped: inout [String]) -> [JSONValue] {
        var result: [JSONValue] = []
        for entry in entries {
            let type = Self.shortType(entry["type"]?.stringValue ?? "item")
            if type == "alternatives", let children = entry["children"]?.arrayValue, !children.isEmpty {
                // Java takes the first child whose conditions hold (silk touch, then the plain drop);
                // Bedrock gets the unconditional one, the usual fallback.
                let chosen = children.first { $0["conditions"] == nil } ?? children[children.count - 1]
                dropped.append("alternatives (only the unconditional choice)")
                result += flatten([chosen], dropped: &dropped)
            } else if type == "group" || type == "sequence", let children = entry["children"]?.arrayValue {
                result += flatten(children, dropped: &dropped)
            } else {
                result.append(entry)
            }
        }
        return result
    }

    private func convertEntry(_ entry: JSONValue, dropped: inout [String]) -> JSONValue? {
        let type = Self.shortType(entry["type"]?.stringValue ?? "item")
        var members: [JSONMember]
        switch type {
        case "item":
            guard let name = entry["name"]?.stringValue, let item = items(name) else {
                dropped.append("entry \(entry["name"]?.stringValue ?? "?")")
                return nil
            }
            members = [JSONMember(key: "type", value: .string("item")), JSONMember(key: "name", value: .string(item.identifier))]
        case "empty":
            members = [JSONMember(key: "type", value: .string("empty"))]
        default:
            dropped.append("\(type) entry")
            return nil
        }
        members.append(JSONMember(key: "weight", value: .number(entry["weight"]?.numberValue ?? 1)))
        var functions: [JSONValue] = []
        for function in entry["functions"]?.arrayValue ?? [] {
            let name = Self.shortType(function["function"]?.stringValue ?? "")
            if name == "set_count", let count = function["count"] {
                functions.append(.object([JSONMember(key: "function", value: .string("set_count")), JSONMember(key: "count", value: range(count))]))
            } else if name != "explosion_decay" {
                dropped.append("function \(name)")
            }
        }
        for condition in entry["conditions"]?.arrayValue ?? [] {
            let name = Self.shortType(condition["condition"]?.stringValue ?? "")
            if name != "survives_explosion" { dropped.append("condition \(name)") }
        }
        if !functions.isEmpty { members.append(JSONMember(key: "functions", value: .array(functions))) }
        return .object(members)
    }

    private func rolls(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .number(1) }
        return range(value)
    }

    /// A number provider: a constant, or `{min, max}` of a uniform distribution.
    private func range(_ value: JSONValue) -> JSONValue {
        if let number = value.numberValue { return .number(number) }
        if let min = value["min"]?.numberValue, let max = value["max"]?.numberValue {
            return .object([JSONMember(key: "min", value: .number(min)), JSONMember(key: "max", value: .number(max))])
        }
        if let constant = value["value"]?.numberValue { return .number(constant) }
        return .number(1)
    }

    static func shortType(_ type: String) -> String { type.split(separator: ":").last.map(String.init) ?? type }
}

import Foundation

/// The bounds on the work one recipe can cause, whatever its data.
public enum RecipeLimits {
    /// Recipes written for one Java recipe whose slots have alternatives (the rest are counted).
    public static let maxExpansion = 16
    /// Items read from one tag (nested tags included).
    public static let maxTagMembers = 256
    /// Tags nested in tags, and ingredients nested in ingredients.
    public static let maxDepth = 8
    /// Alternatives one ingredient may list; more is refused.
    public static let maxAlternatives = 10_000
}

/// Recipes → Bedrock recipes a player can craft.
///
/// - Crafting (shaped, shapeless; 1.12 `ore_shaped`/`ore_shapeless`; a mod's type with a pattern or
///   ingredient list): `recipe_shaped` / `recipe_shapeless` at the crafting table. A slot Bedrock
///   fills from one item tag keeps the tag; other alternatives (lists, tags Bedrock lacks) become one
///   recipe per alternative, at most ``maxExpansion``.
/// - The smelting family and stonecutting: one recipe per input item (a furnace takes one item).
/// - Smithing (`smithing_transform`, legacy `smithing`): crafted from the same items at the
///   crafting table; `smithing_trim` is Bedrock's own smithing table's work.
/// - A mod's workstation types (``WorkstationRecipes``): shapeless recipes tagged for the mod's block
///   that does that work.
/// Java gives buckets and bottles back; Bedrock's schema takes one result, so the report names it.
struct RecipeConverter {
    let context: ConversionContext

    static let formatVersion = "1.20.10"
    static let maxExpansion = RecipeLimits.maxExpansion
    static let furnaceTags: [String: [String]] = [
        "smelting": ["furnace"], "blasting": ["blast_furnace"], "smoking": ["smoker"], "campfire_cooking": ["campfire", "soul_campfire"],
    ]
    /// What Java hands back when an item is used in crafting.
    static let remainders: [String: String] = [
        "minecraft:water_bucket": "minecraft:bucket", "minecraft:milk_bucket": "minecraft:bucket", "minecraft:lava_bucket": "minecraft:bucket",
        "minecraft:powder_snow_bucket": "minecraft:bucket", "minecraft:honey_bottle": "minecraft:glass_bottle",
        "minecraft:dragon_breath": "minecraft:glass_bottle",
    ]

    typealias Refusal = RecipeIngredients.Refusal

    var ingredients: RecipeIngredients { RecipeIngredients(context: context, constants: context.recipeConstants) }

    func run() {
        for (id, entry) in context.contents.recipes.sorted(by: { $0.key < $1.key }) where context.contents.isOwn(id.namespace) {
            let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.path.replacingOccurrences(of: "/", with: "_"))"
            guard let json = context.contents.json(entry) else {
                context.add(.recipe, id.description, nil, .failed, .init(standIn: "nothing", reason: context.contents.problem(entry), impact: .medium))
                continue
            }
            var notes: [String] = []
            do {
                guard let recipe = try select(json, approximations: &notes) else {
                    context.add(.recipe, id.description, nil, .skipped, .init(
                        standIn: "nothing", reason: "its load conditions are false for this mod (it targets another mod's items)", impact: .low))
                    continue
                }
                let written = try convert(recipe, bedrockID: bedrockID, notes: &notes)
                for (index, value) in written.enumerated() {
                    context.write(value, to: "recipes/\(id.namespace)/\(id.path)\(index == 0 ? "" : "_\(index)").json", behavior: true)
                }
                if notes.isEmpty {
                    context.add(.recipe, id.description, bedrockID, .converted)
                } else {
                    context.add(.recipe, id.description, bedrockID, .approximated, .init(
                        standIn: notes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: "; "),
                        reason: "Bedrock recipes differ from Java's here", impact: .low))
                }
            } catch let refusal as Refusal {
                context.add(.recipe, id.description, nil, refusal.status, refusal.assumption)
            } catch {
                context.add(.recipe, id.description, nil, .failed, .init(standIn: "nothing", reason: "\(error)", impact: .medium))
            }
        }
    }

    static func type(_ json: JSONValue) -> String {
        let raw = json["type"]?.stringValue ?? ""
        return raw.contains(":") ? raw : "minecraft:" + raw
    }

    /// The Bedrock recipe files for one Java recipe (several when alternatives are expanded).
    private func convert(_ json: JSONValue, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        let type = Self.type(json)
        let name = String(type.split(separator: ":").last ?? "")
        let vanilla = type.hasPrefix("minecraft:") || type.hasPrefix("forge:ore_")
        if vanilla || json["pattern"] != nil || (name.contains("shapeless") && json["ingredients"] != nil) {
            if !vanilla { notes.append("\(type) read as a crafting recipe") }
            switch name {
            case _ where json["pattern"] != nil: return try shaped(json, bedrockID: bedrockID, notes: &notes)
            case "crafting_shapeless", "ore_shapeless", _ where name.contains("shapeless"): return try shapeless(json, bedrockID: bedrockID, notes: &notes)
            case "smelting", "blasting", "smoking", "campfire_cooking": return try furnace(json, name: name, bedrockID: bedrockID, notes: &notes)
            case "stonecutting": return try stonecutting(json, bedrockID: bedrockID, notes: &notes)
            case "smithing_transform", "smithing": return try smithing(json, bedrockID: bedrockID, notes: &notes)
            case "smithing_trim":
                throw Refusal(status: .skipped, assumption: .init(
                    standIn: "Bedrock's smithing table applies trims itself", reason: "a trim recipe has no result: the game applies its own trim patterns", impact: .low))
            default:
                throw Refusal.skipped("\(type) is a special recipe implemented in code (no data to convert)", impact: .low)
            }
        }
        return try WorkstationRecipes(converter: self).convert(json, type: type, bedrockID: bedrockID, notes: &notes)
    }

    // MARK: - Crafting

    private func shaped(_ json: JSONValue, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        guard let pattern = json["pattern"]?.arrayValue?.compactMap(\.stringValue), !pattern.isEmpty, pattern.count <= 3,
              pattern.allSatisfy({ $0.count <= 3 }) else { throw .failed("shaped recipe with a missing or larger-than-3×3 pattern") }
        var keys: [(String, RecipeIngredients.Choices)] = []
        for member in json["key"]?.members ?? [] {
            let choices = try ingredients.choices(member.value)
            guard !choices.fluid else { throw .skipped("a fluid as a crafting ingredient") }
            notes += choices.notes
            keys.append((member.key, choices))
        }
        let used = Set(pattern.joined().filter { $0 != " " }.map(String.init))
        guard used.isSubset(of: Set(keys.map(\.0))) else { throw .failed("pattern uses a key the recipe does not define") }
        keys = keys.filter { used.contains($0.0) }
        let result = try self.result(json["result"])
        var remainders: [String] = []
        for character in pattern.joined() where character != " " {
            if let key = keys.first(where: { $0.0 == String(character) }), let item = key.1.options.first?["item"]?.stringValue, let back = Self.remainders[item] {
                remainders.append(back)
            }
        }
        if let note = remainderNote(remainders) { notes.append(note) }
        return expand(keys.map(\.1), notes: &notes).enumerated().map { index, picked in
            let members = zip(keys, picked).map { JSONMember(key: $0.0.0, value: $0.1) }
            return recipe("minecraft:recipe_shaped", id: alternative(bedrockID, index), [
                JSONMember(key: "tags", value: .array([.string("crafting_table")])),
                JSONMember(key: "pattern", value: .array(pattern.map(JSONValue.string))),
                JSONMember(key: "key", value: .object(members)),
                JSONMember(key: "result", value: result),
            ])
        }
    }

    private func shapeless(_ json: JSONValue, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        guard let list = json["ingredients"]?.arrayValue, !list.isEmpty else { throw .failed("shapeless recipe without ingredients") }
        var slots: [RecipeIngredients.Choices] = []
        for value in list {
            let choices = try ingredients.choices(value)
            guard !choices.fluid else { throw .skipped("a fluid as a crafting ingredient") }
            notes += choices.notes
            slots += Array(repeating: choices, count: max(1, choices.count))
        }
        guard slots.count <= 9 else { throw .failed("shapeless recipe with \(slots.count) ingredients (a crafting grid holds 9)") }
        return try shapelessRecipes(slots, tags: ["crafting_table"], result: try result(json["result"]), bedrockID: bedrockID, notes: &notes)
    }

    /// Shapeless recipes for `slots` (expanded when a slot has alternatives) with `tags`.
    func shapelessRecipes(_ slots: [RecipeIngredients.Choices], tags: [String], result: JSONValue, bedrockID: String,
                          notes: inout [String]) throws(Refusal) -> [JSONValue] {
        let remainders = slots.compactMap { $0.options.first?["item"]?.stringValue.flatMap { Self.remainders[$0] } }
        if let note = remainderNote(remainders) { notes.append(note) }
        return expand(slots, notes: &notes).enumerated().map { index, picked in
            recipe("minecraft:recipe_shapeless", id: alternative(bedrockID, index), [
                JSONMember(key: "tags", value: .array(tags.map(JSONValue.string))),
                JSONMember(key: "ingredients", value: .array(picked)),
                JSONMember(key: "result", value: result),
            ])
        }
    }

    // MARK: - Furnaces, stonecutter, smithing

    private func furnace(_ json: JSONValue, name: String, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        let input = try ingredients.choices(json["ingredient"] ?? .null)
        notes += input.notes
        let items = furnaceInputs(input)
        guard !items.isEmpty else { throw .skipped("no furnace input Bedrock has") }
        let output = try result(json["result"])
        guard let outputItem = output["item"]?.stringValue else { throw .failed("furnace recipe without a result") }
        if (output["count"]?.numberValue ?? 1) > 1 { notes.append("a Bedrock furnace gives one item (Java gives \(JSONWriter.format(output["count"]?.numberValue ?? 1)))") }
        if items.count > Self.maxExpansion { notes.append("\(items.count) inputs; the first \(Self.maxExpansion) are kept") }
        if items.count > 1 { notes.append("one furnace recipe per input (\(min(items.count, Self.maxExpansion)))") }
        return items.prefix(Self.maxExpansion).enumerated().map { index, item in
            recipe("minecraft:recipe_furnace", id: alternative(bedrockID, index), [
                JSONMember(key: "tags", value: .array((Self.furnaceTags[name] ?? ["furnace"]).map(JSONValue.string))),
                JSONMember(key: "input", value: .string(item)),
                JSONMember(key: "output", value: .string(Self.itemString(outputItem, data: output["data"]?.numberValue))),
            ])
        }
    }

    /// The items a furnace-like input stands for (a Bedrock tag opened into its members).
    private func furnaceInputs(_ choices: RecipeIngredients.Choices) -> [String] {
        var items: [String] = []
        for option in choices.options {
            if let item = option["item"]?.stringValue {
                items.append(Self.itemString(item, data: option["data"]?.numberValue))
            } else if let tag = option["tag"]?.stringValue, let java = VanillaTags.bedrockTags.first(where: { $0.value == tag })?.key {
                for member in ingredients.tagMembers(java) {
                    if let mapped = ingredients.bedrockItem(member) { items.append(Self.itemString(mapped.identifier, data: Double(mapped.data))) }
                }
            }
        }
        var unique: [String] = []
        for item in items where !unique.contains(item) { unique.append(item) }
        return unique
    }

    private func stonecutting(_ json: JSONValue, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        let input = try ingredients.choices(json["ingredient"] ?? .null)
        notes += input.notes
        var output = try result(json["result"])
        if let count = json["count"]?.numberValue, case .object(var members) = output {
            members.removeAll { $0.key == "count" }
            if count != 1 { members.append(JSONMember(key: "count", value: .number(count))) }
            output = .object(members)
        }
        return try shapelessRecipes([input], tags: ["stonecutter"], result: output, bedrockID: bedrockID, notes: &notes)
    }

    /// Smithing as crafting: the template (1.20+), the base and the addition in a crafting grid.
    private func smithing(_ json: JSONValue, bedrockID: String, notes: inout [String]) throws(Refusal) -> [JSONValue] {
        var slots: [RecipeIngredients.Choices] = []
        for key in ["template", "base", "addition"] {
            guard let value = json[key] else { continue }
            slots.append(try ingredients.choices(value))
        }
        guard slots.count >= 2 else { throw .failed("smithing recipe without a base and an addition") }
        notes.append("smithing made at the crafting table (the base item's enchantments are not carried over)")
        return try shapelessRecipes(slots, tags: ["crafting_table"], result: try result(json["result"]), bedrockID: bedrockID, notes: &notes)
    }

    // MARK: - Shared

    /// One pick per slot for each recipe written: the product of the slots' options, the first
    /// ``maxExpansion`` of them (noted when there were more).
    func expand(_ slots: [RecipeIngredients.Choices], notes: inout [String]) -> [[JSONValue]] {
        var combinations: [[JSONValue]] = [[]]
        var total = 1
        for slot in slots {
            total = min(total * max(1, slot.options.count), Self.maxExpansion * 1_000)
            var next: [[JSONValue]] = []
            for combination in combinations {
                for option in slot.options {
                    if next.count < Self.maxExpansion { next.append(combination + [option]) }
                }
            }
            combinations = next
        }
        if total > 1 { notes.append("ingredient alternatives: one recipe each (\(min(total, Self.maxExpansion)) written\(total > Self.maxExpansion ? " of \(total)" : ""))") }
        return combinations
    }

    func recipe(_ key: String, id: String, _ members: [JSONMember]) -> JSONValue {
        .object([
            JSONMember(key: "format_version", value: .string(Self.formatVersion)),
            JSONMember(key: key, value: .object([JSONMember(key: "description", value: .object([JSONMember(key: "identifier", value: .string(id))]))] + members)),
        ])
    }

    private func alternative(_ id: String, _ index: Int) -> String { index == 0 ? id : "\(id)_\(index)" }

    /// The containers Java gives back (a bucket, a bottle) are not added as a second result: the
    /// Bedrock recipe schema takes one result per recipe (a list is refused). Named in the report.
    private func remainderNote(_ remainders: [String]) -> String? {
        guard !remainders.isEmpty else { return nil }
        return "the container Java gives back (\(Array(Set(remainders)).sorted().joined(separator: ", "))) is not a second result on Bedrock"
    }

    /// The result as `{item, count[, data]}` from a bare string, `{"item"}`, `{"id"}` or 1.21's nested forms.
    func result(_ value: JSONValue?) throws(Refusal) -> JSONValue {
        guard let value else { throw .failed("recipe without a result") }
        let javaID = value.stringValue ?? value["item"]?.stringValue ?? value["id"]?.stringValue ?? value["item"]?["id"]?.stringValue
        guard let javaID else { throw .failed("result names no item") }
        guard let item = ingredients.bedrockItem(javaID, legacyData: value["data"]?.numberValue) else {
            throw .skipped("result \(javaID) has no Bedrock equivalent here (another mod's item, or unknown)")
        }
        var members = [JSONMember(key: "item", value: .string(item.identifier))]
        if item.data != 0 { members.append(JSONMember(key: "data", value: .number(Double(item.data)))) }
        let count = value["count"]?.numberValue ?? value["item"]?["count"]?.numberValue ?? 1
        if count != 1 { members.append(JSONMember(key: "count", value: .number(max(1, count.rounded())))) }
        return .object(members)
    }

    static func itemString(_ item: String, data: Double?) -> String {
        guard let data, data != 0 else { return item }
        return "\(item):\(Int(data))"
    }
}

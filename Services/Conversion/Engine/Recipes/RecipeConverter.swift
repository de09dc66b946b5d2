import Foundation

/// Recipes: shaped, shapeless, the smelting family and stonecutting → Bedrock recipes, with Java
/// ids translated, tag ingredients resolved, conditions evaluated and 1.12 forms (data values, ore
/// dictionary, `_constants.json`) understood. Smithing and mod-specific types are reported.
struct RecipeConverter {
    let context: ConversionContext

    static let formatVersion = "1.20.10"
    static let furnaceTags: [String: String] = [
        "smelting": "furnace", "blasting": "blast_furnace", "smoking": "smoker", "campfire_cooking": "campfire",
    ]

    /// A recipe that cannot be converted, and why.
    struct Refusal: Error {
        var status: ConversionReport.Status
        var assumption: ConversionReport.Assumption
    }

    /// An ingredient in Bedrock form.
    struct Ingredient {
        var value: JSONValue
        var approximation: String?
    }

    func run() {
        let constants = loadConstants()
        for (id, entry) in context.contents.recipes.sorted(by: { $0.key < $1.key }) where context.contents.isOwn(id.namespace) {
            let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.path.replacingOccurrences(of: "/", with: "_"))"
            guard let json = context.contents.json(entry) else {
                context.add(.recipe, id.description, nil, .failed, .init(standIn: "nothing", reason: context.contents.problem(entry), impact: .medium))
                continue
            }
            var approximations: [String] = []
            do {
                guard let recipe = try select(json, approximations: &approximations) else {
                    context.add(.recipe, id.description, nil, .skipped, .init(
                        standIn: "nothing", reason: "its load conditions are false for this mod (it targets another mod's items)", impact: .low))
                    continue
                }
                let value = try convert(recipe, bedrockID: bedrockID, constants: constants, approximations: &approximations)
                context.write(value, to: "recipes/\(id.namespace)/\(id.path).json", behavior: true)
                if approximations.isEmpty {
                    context.add(.recipe, id.description, bedrockID, .converted)
                } else {
                    context.add(.recipe, id.description, bedrockID, .approximated, .init(
                        standIn: approximations.joined(separator: "; "), reason: "Bedrock recipes accept one item per slot and few tags", impact: .low))
                }
            } catch let refusal as Refusal {
                context.add(.recipe, id.description, nil, refusal.status, refusal.assumption)
            } catch {
                context.add(.recipe, id.description, nil, .failed, .init(standIn: "nothing", reason: "\(error)", impact: .medium))
            }
        }
    }

    // MARK: - Conditions

    /// The recipe to convert after conditions (`conditions`, `forge:conditional`, `neoforge:conditions`,
    /// `fabric:load_conditions`); `nil` when the conditions are false.
    private func select(_ json: JSONValue, approximations: inout [String]) throws -> JSONValue? {
        if Self.type(json) == "forge:conditional" {
            for option in json["recipes"]?.arrayValue ?? [] {
                if try conditionsHold(option["conditions"], approximations: &approximations), let recipe = option["recipe"] { return recipe }
            }
            return nil
        }
        for key in ["neoforge:conditions", "conditions", "forge:conditions", "fabric:load_conditions"] {
            if let conditions = json[key], try !conditionsHold(conditions, approximations: &approximations) { return nil }
        }
        return json
    }

    private func conditionsHold(_ value: JSONValue?, approximations: inout [String]) throws -> Bool {
        guard let list = value?.arrayValue else { return true }
        for condition in list where !(try holds(condition, approximations: &approximations)) { return false }
        return true
    }

    private func holds(_ condition: JSONValue, approximations: inout [String]) throws -> Bool {
        let type = (condition["type"] ?? condition["condition"])?.stringValue.map { $0.split(separator: ":").last.map(String.init) ?? $0 } ?? ""
        switch type {
        case "mod_loaded", "all_mods_loaded", "any_mods_loaded":
            let mods = condition["modid"]?.stringValue.map { [$0] } ?? condition["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let present = mods.map { [context.metadata.modID, "minecraft", "forge", "neoforge", "fabric"].contains($0) }
            return type == "any_mods_loaded" ? present.contains(true) : !present.contains(false)
        case "not": return !(try holds(condition["value"] ?? .null, approximations: &approximations))
        case "and": return try conditionsHold(condition["values"], approximations: &approximations)
        case "or":
            for inner in condition["values"]?.arrayValue ?? [] where try holds(inner, approximations: &approximations) { return true }
            return false
        case "true": return true
        case "false": return false
        case "item_exists", "registered":
            let item = condition["item"]?.stringValue ?? condition["values"]?.arrayValue?.first?.stringValue ?? ""
            return bedrockItem(item) != nil
        case "tag_empty", "tags_populated":
            let tag = condition["tag"]?.stringValue ?? condition["values"]?.arrayValue?.first?.stringValue ?? ""
            let members = (try? tagItems(tag, depth: 0)) ?? []
            return type == "tag_empty" ? members.isEmpty : !members.isEmpty
        default:
            approximations.append("condition \(type.isEmpty ? "(untyped)" : type) assumed true")
            return true
        }
    }

    // MARK: - Recipe types

    private static func type(_ json: JSONValue) -> String {
        let raw = json["type"]?.stringValue ?? ""
        return raw.contains(":") ? raw : "minecraft:" + raw
    }

    private func convert(_ json: JSONValue, bedrockID: String, constants: [String: JSONValue], approximations: inout [String]) throws -> JSONValue {
        let type = Self.type(json)
        let (namespace, name) = (String(type.split(separator: ":")[0]), String(type.split(separator: ":").last ?? ""))
        let description = JSONMember(key: "description", value: .object([JSONMember(key: "identifier", value: .string(bedrockID))]))
        func recipe(_ key: String, _ members: [JSONMember]) -> JSONValue {
            .object([
                JSONMember(key: "format_version", value: .string(Self.formatVersion)),
                JSONMember(key: key, value: .object([description] + members)),
            ])
        }
        let vanillaLike = namespace == "minecraft" || namespace == "forge" && name.hasPrefix("ore_")
        guard vanillaLike else {
            throw Refusal(status: .skipped, assumption: .init(
                standIn: "nothing: the recipe is not craftable on Bedrock", reason: "\(type) is a recipe type of a mod, run by its code", impact: .medium))
        }
        switch name {
        case "crafting_shaped", "ore_shaped":
            guard let pattern = json["pattern"]?.arrayValue?.compactMap(\.stringValue), !pattern.isEmpty, pattern.count <= 3,
                  pattern.allSatisfy({ $0.count <= 3 }) else { throw failure("shaped recipe with a missing or larger-than-3×3 pattern") }
            var keys: [JSONMember] = []
            for member in json["key"]?.members ?? [] {
                let ingredient = try self.ingredient(member.value, constants: constants)
                if let note = ingredient.approximation { approximations.append(note) }
                keys.append(JSONMember(key: member.key, value: ingredient.value))
            }
            let used = Set(pattern.joined().filter { $0 != " " }.map(String.init))
            guard used.isSubset(of: Set(keys.map(\.key))) else { throw failure("pattern uses a key the recipe does not define") }
            return recipe("minecraft:recipe_shaped", [
                JSONMember(key: "tags", value: .array([.string("crafting_table")])),
                JSONMember(key: "pattern", value: .array(pattern.map(JSONValue.string))),
                JSONMember(key: "key", value: .object(keys)),
                JSONMember(key: "result", value: try result(json["result"])),
            ])
        case "crafting_shapeless", "ore_shapeless":
            guard let list = json["ingredients"]?.arrayValue, !list.isEmpty, list.count <= 9 else { throw failure("shapeless recipe without 1–9 ingredients") }
            var ingredients: [JSONValue] = []
            for value in list {
                let ingredient = try self.ingredient(value, constants: constants)
                if let note = ingredient.approximation { approximations.append(note) }
                ingredients.append(ingredient.value)
            }
            return recipe("minecraft:recipe_shapeless", [
                JSONMember(key: "tags", value: .array([.string("crafting_table")])),
                JSONMember(key: "ingredients", value: .array(ingredients)),
                JSONMember(key: "result", value: try result(json["result"])),
            ])
        case "smelting", "blasting", "smoking", "campfire_cooking":
            let input = try ingredient(json["ingredient"] ?? .null, constants: constants)
            if let note = input.approximation { approximations.append(note) }
            guard let inputItem = input.value["item"]?.stringValue else { throw failure("furnace input must be one item on Bedrock (a tag was given)") }
            let output = try result(json["result"])
            guard let outputItem = output["item"]?.stringValue else { throw failure("furnace recipe without a result") }
            return recipe("minecraft:recipe_furnace", [
                JSONMember(key: "tags", value: .array([.string(Self.furnaceTags[name] ?? "furnace")])),
                JSONMember(key: "input", value: .string(Self.itemString(inputItem, data: input.value["data"]?.numberValue))),
                JSONMember(key: "output", value: .string(Self.itemString(outputItem, data: output["data"]?.numberValue))),
            ])
        case "stonecutting":
            let input = try ingredient(json["ingredient"] ?? .null, constants: constants)
            if let note = input.approximation { approximations.append(note) }
            var output = try result(json["result"])
            if let count = json["count"]?.numberValue, case .object(var members) = output {
                members.removeAll { $0.key == "count" }
                members.append(JSONMember(key: "count", value: .number(count)))
                output = .object(members)
            }
            return recipe("minecraft:recipe_shapeless", [
                JSONMember(key: "tags", value: .array([.string("stonecutter")])),
                JSONMember(key: "ingredients", value: .array([input.value])),
                JSONMember(key: "result", value: output),
            ])
        case "smithing_transform", "smithing_trim", "smithing":
            throw Refusal(status: .skipped, assumption: .init(
                standIn: "nothing", reason: "Bedrock's smithing recipe format has no template slot the game accepts from add-ons", impact: .medium))
        default:
            throw Refusal(status: .skipped, assumption: .init(
                standIn: "nothing", reason: "\(type) is a special recipe implemented in code (no data to convert)", impact: .low))
        }
    }

    private func failure(_ reason: String) -> Refusal {
        Refusal(status: .failed, assumption: .init(standIn: "nothing", reason: reason, impact: .medium))
    }

    static func itemString(_ item: String, data: Double?) -> String {
        guard let data, data != 0 else { return item }
        return "\(item):\(Int(data))"
    }

    // MARK: - Items and ingredients

    /// The result as `{item, count[, data]}` from a bare string, `{"item"}` or `{"id"}`.
    private func result(_ value: JSONValue?) throws -> JSONValue {
        guard let value else { throw failure("recipe without a result") }
        let javaID = value.stringValue ?? value["item"]?.stringValue ?? value["id"]?.stringValue
        guard let javaID else { throw failure("result names no item") }
        let legacyData = value["data"]?.numberValue
        guard let item = bedrockItem(javaID, legacyData: legacyData) else {
            throw Refusal(status: .skipped, assumption: .init(
                standIn: "nothing", reason: "result \(javaID) has no Bedrock equivalent here (another mod's item, or unknown)", impact: .medium))
        }
        var members = [JSONMember(key: "item", value: .string(item.identifier))]
        if item.data != 0 { members.append(JSONMember(key: "data", value: .number(Double(item.data)))) }
        let count = value["count"]?.numberValue ?? 1
        if count != 1 { members.append(JSONMember(key: "count", value: .number(count))) }
        return .object(members)
    }

    private func ingredient(_ value: JSONValue, constants: [String: JSONValue]) throws -> Ingredient {
        var value = value
        if let text = value.stringValue, text.hasPrefix("#"), let constant = constants[String(text.dropFirst())] { value = constant }
        if let text = value.stringValue {
            value = text.hasPrefix("#") ? .object([JSONMember(key: "tag", value: .string(String(text.dropFirst())))])
                : .object([JSONMember(key: "item", value: .string(text))])
        }
        if let alternatives = value.arrayValue {
            guard let first = alternatives.first else { throw failure("empty ingredient list") }
            var chosen = try ingredient(first, constants: constants)
            if alternatives.count > 1 {
                guard context.options.aggressive else { throw failure("ingredient with \(alternatives.count) alternatives (conservative mode)") }
                chosen.approximation = "ingredient with \(alternatives.count) alternatives → the first"
            }
            return chosen
        }
        if let type = value["type"]?.stringValue, type == "forge:ore_dict", let ore = value["ore"]?.stringValue {
            guard let item = VanillaItems.oreDictionary[ore], let mapped = bedrockItem("minecraft:" + item) else {
                throw Refusal(status: .skipped, assumption: .init(standIn: "nothing", reason: "ore dictionary entry \(ore) has no known item", impact: .medium))
            }
            return Ingredient(value: Self.itemValue(mapped), approximation: "ore dictionary \(ore) → \(mapped.identifier)")
        }
        if let item = value["item"]?.stringValue {
            guard let mapped = bedrockItem(item, legacyData: value["data"]?.numberValue) else {
                throw Refusal(status: .skipped, assumption: .init(standIn: "nothing", reason: "ingredient \(item) has no Bedrock equivalent here (another mod's item, or unknown)", impact: .medium))
            }
            return Ingredient(value: Self.itemValue(mapped), approximation: nil)
        }
        if let tag = value["tag"]?.stringValue {
            if let bedrockTag = VanillaItems.bedrockTags[tag.contains(":") ? tag : "minecraft:" + tag] {
                return Ingredient(value: .object([JSONMember(key: "tag", value: .string(bedrockTag))]), approximation: nil)
            }
            let members = try tagItems(tag, depth: 0).compactMap { bedrockItem($0) }
            var unique: [VanillaItems.BedrockItem] = []
            for member in members where !unique.contains(member) { unique.append(member) }
            guard let first = unique.first else {
                throw Refusal(status: .skipped, assumption: .init(standIn: "nothing", reason: "tag #\(tag) resolves to no item Bedrock has", impact: .medium))
            }
            if unique.count == 1 { return Ingredient(value: Self.itemValue(first), approximation: nil) }
            guard context.options.aggressive else { throw failure("tag #\(tag) holds \(unique.count) items (conservative mode)") }
            return Ingredient(value: Self.itemValue(first), approximation: "tag #\(tag) (\(unique.count) items) → \(first.identifier)")
        }
        throw failure("ingredient is neither an item nor a tag")
    }

    static func itemValue(_ item: VanillaItems.BedrockItem) -> JSONValue {
        var members = [JSONMember(key: "item", value: .string(item.identifier))]
        if item.data != 0 { members.append(JSONMember(key: "data", value: .number(Double(item.data)))) }
        return .object(members)
    }

    /// Items of a tag: the jar's own tag files (all namespaces, `replace` honoured, nested tags
    /// followed), then the common-convention table for `c:`/`forge:` tags.
    func tagItems(_ tag: String, depth: Int) throws -> [String] {
        guard depth < 8, let id = ResourceLocation(tag.hasPrefix("#") ? String(tag.dropFirst()) : tag) else { return [] }
        var items: [String] = []
        for entry in context.contents.itemTags[id] ?? [] {
            guard let json = context.contents.json(entry) else { continue }
            if json["replace"] == .bool(true) { items.removeAll() }
            for value in json["values"]?.arrayValue ?? [] {
                let text = value.stringValue ?? value["id"]?.stringValue ?? ""
                if text.hasPrefix("#") { items += try tagItems(text, depth: depth + 1) } else if !text.isEmpty { items.append(text) }
            }
        }
        if items.isEmpty, ["c", "forge", "fabric"].contains(id.namespace), let item = VanillaItems.conventionTags[id.path] { items = [item] }
        return items
    }

    /// A Java item id (modern, or 1.12 with a data value) as a Bedrock item: the mod's own ids keep
    /// their namespace, vanilla ids are translated; `nil` when nothing stands for it.
    func bedrockItem(_ javaID: String, legacyData: Double? = nil) -> VanillaItems.BedrockItem? {
        guard let id = ResourceLocation(javaID) else { return nil }
        if context.contents.isOwn(id.namespace) {
            let bedrock = "\(context.options.namespaceOverride ?? id.namespace):\(id.path)"
            return context.writtenBlocks.contains(bedrock) || context.writtenItems.contains(bedrock) ? VanillaItems.BedrockItem(bedrock) : nil
        }
        guard id.namespace == "minecraft" else { return nil }
        if let item = VanillaItems.bedrock(forJava: id.description), legacyData == nil || legacyData == 0 || VanillaItems.legacyWithData[id.description] == nil {
            return item
        }
        guard let flattened = VanillaItems.flattened(legacy: id.description, data: legacyData.map { Int($0) }) else { return nil }
        return VanillaItems.bedrock(forJava: flattened)
    }

    /// 1.12 `_constants.json`: `[{"name": "INGOT", "ingredient": {...}}]`, by name.
    private func loadConstants() -> [String: JSONValue] {
        var constants: [String: JSONValue] = [:]
        for (_, entry) in context.contents.recipeConstants.sorted(by: { $0.key < $1.key }) {
            for value in context.contents.json(entry)?.arrayValue ?? [] {
                if let name = value["name"]?.stringValue, let ingredient = value["ingredient"] {
                    constants[name] = ingredient.arrayValue?.first ?? ingredient
                }
            }
        }
        return constants
    }
}

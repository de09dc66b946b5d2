/// Recipe load conditions (`conditions`, `forge:conditional`, `neoforge:conditions`,
/// `fabric:load_conditions`), evaluated for the mod alone: another mod's items are absent.
extension RecipeConverter {
    /// The recipe to convert after conditions (`conditions`, `forge:conditional`, `neoforge:conditions`,
    /// `fabric:load_conditions`); `nil` when the conditions are false.
    func select(_ json: JSONValue, approximations: inout [String]) throws -> JSONValue? {
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
            return ingredients.bedrockItem(item) != nil
        case "tag_empty", "tags_populated":
            let tag = condition["tag"]?.stringValue ?? condition["values"]?.arrayValue?.first?.stringValue ?? ""
            let members = ingredients.tagMembers(tag.hasPrefix("#") ? String(tag.dropFirst()) : tag)
            return type == "tag_empty" ? members.isEmpty : !members.isEmpty
        default:
            approximations.append("condition \(type.isEmpty ? "(untyped)" : type) assumed true")
            return true
        }
    }

}

/// Java recipe ingredients → the Bedrock items (or the one Bedrock item tag) that may fill a slot.
///
/// Reads every form real recipes use: `"ns:item"` / `"#ns:tag"` strings (1.21.2+), `{"item"}`,
/// `{"tag"}`, lists of alternatives, NeoForge/Forge compound, difference and component ingredients,
/// sized ingredients (`{"ingredient"|"basePredicate", "count"}`), 1.12 data values, the ore
/// dictionary and `_constants.json`. Tags resolve through the jar's own tag files (all namespaces,
/// nested tags followed, `replace` honoured), Bedrock's item tags of the same meaning, and the
/// vanilla and convention tables (``VanillaTags``).
///
/// Bounded: at most ``maxMembers`` items per tag and ``maxDepth`` nested tags; a tag that includes
/// itself is read once.
struct RecipeIngredients {
    let context: ConversionContext
    let constants: [String: JSONValue]

    static let maxMembers = RecipeLimits.maxTagMembers
    static let maxDepth = RecipeLimits.maxDepth
    static let maxAlternatives = RecipeLimits.maxAlternatives

    /// The options for one slot (each `{item[, data]}` or `{tag}`), what was approximated, and how
    /// many of the ingredient go in (sized ingredients).
    struct Choices {
        var options: [JSONValue]
        var notes: [String] = []
        var count = 1
        /// A fluid, not an item: Bedrock crafting has no fluids.
        var fluid = false
    }

    /// A recipe that cannot be made, and why.
    struct Refusal: Error {
        var status: ConversionReport.Status
        var assumption: ConversionReport.Assumption

        static func skipped(_ reason: String, impact: ConversionReport.Impact = .medium) -> Refusal {
            Refusal(status: .skipped, assumption: .init(standIn: "nothing", reason: reason, impact: impact))
        }

        static func failed(_ reason: String) -> Refusal {
            Refusal(status: .failed, assumption: .init(standIn: "nothing", reason: reason, impact: .medium))
        }
    }

    func choices(_ value: JSONValue, depth: Int = 0) throws(Refusal) -> Choices {
        guard depth < Self.maxDepth else { throw .failed("ingredient nested deeper than \(Self.maxDepth)") }
        var value = value
        if let text = value.stringValue, text.hasPrefix("#"), let constant = constants[String(text.dropFirst())] { value = constant }
        if let text = value.stringValue {
            return text.hasPrefix("#") ? try tag(String(text.dropFirst())) : try item(text, data: nil)
        }
        if let list = value.arrayValue {
            guard !list.isEmpty else { throw .failed("empty ingredient list") }
            guard list.count <= Self.maxAlternatives else { throw .failed("ingredient with \(list.count) alternatives (at most \(Self.maxAlternatives) are read)") }
            return try union(list, depth: depth)
        }
        guard value.members != nil else { throw .failed("ingredient is neither an item nor a tag") }
        let type = value["type"]?.stringValue.map { $0.split(separator: ":").last.map(String.init) ?? $0 } ?? ""
        if let inner = value["ingredient"] ?? value["basePredicate"] {
            var sized = try choices(inner, depth: depth + 1)
            sized.count = Int(value["count"]?.numberValue ?? value["amount"]?.numberValue ?? 1)
            return sized
        }
        switch type {
        case "ore_dict":
            let ore = value["ore"]?.stringValue ?? ""
            guard let item = VanillaItems.oreDictionary[ore], let mapped = bedrockItem("minecraft:" + item) else {
                throw .skipped("ore dictionary entry \(ore) has no known item")
            }
            return Choices(options: [Self.itemValue(mapped)], notes: ["ore dictionary \(ore) → \(mapped.identifier)"])
        case "compound":
            return try union(value["children"]?.arrayValue ?? value["ingredients"]?.arrayValue ?? [], depth: depth)
        case "difference", "intersection":
            var base = try choices(value["base"] ?? value["children"]?.arrayValue?.first ?? .null, depth: depth + 1)
            base.notes.append("a \(type) ingredient read as its first part")
            return base
        case "components", "nbt", "partial_nbt", "data_components", "custom_data":
            var plain = try choices(value["items"] ?? value["item"] ?? .null, depth: depth + 1)
            plain.notes.append("the item's NBT/components are not required on Bedrock")
            return plain
        default:
            break
        }
        if value["fluid"] != nil || value["fluidTag"] != nil || value["fluid_tag"] != nil || value["fluids"] != nil {
            return Choices(options: [], fluid: true)
        }
        if let item = value["item"]?.stringValue {
            var choices = try self.item(item, data: value["data"]?.numberValue)
            choices.count = Int(value["count"]?.numberValue ?? 1)
            return choices
        }
        if let items = value["items"] {
            if let text = items.stringValue { return text.hasPrefix("#") ? try tag(String(text.dropFirst())) : try item(text, data: nil) }
            return try union(items.arrayValue ?? [], depth: depth)
        }
        if let tag = value["tag"]?.stringValue {
            var choices = try self.tag(tag)
            choices.count = Int(value["count"]?.numberValue ?? 1)
            return choices
        }
        throw .failed("ingredient is neither an item nor a tag")
    }

    private func union(_ list: [JSONValue], depth: Int) throws(Refusal) -> Choices {
        var result = Choices(options: [])
        var refusals: [Refusal] = []
        for element in list {
            do {
                let part = try choices(element, depth: depth + 1)
                for option in part.options where !result.options.contains(option) { result.options.append(option) }
                result.notes += part.notes
                result.fluid = result.fluid || part.fluid
            } catch {
                refusals.append(error)
            }
        }
        if result.options.isEmpty, let first = refusals.first { throw first }
        if !refusals.isEmpty { result.notes.append("\(refusals.count) of \(list.count) alternatives have no Bedrock item") }
        return result
    }

    private func item(_ javaID: String, data: Double?) throws(Refusal) -> Choices {
        guard let mapped = bedrockItem(javaID, legacyData: data) else {
            throw .skipped("ingredient \(javaID) has no Bedrock equivalent here (another mod's item, or unknown)")
        }
        return Choices(options: [Self.itemValue(mapped)])
    }

    /// A tag as a Bedrock tag of the same meaning, else its members that Bedrock has.
    func tag(_ name: String) throws(Refusal) -> Choices {
        let full = name.contains(":") ? name : "minecraft:" + name
        if let bedrock = VanillaTags.bedrockTags[full], tagMembers(full).isEmpty || !ownMembers(full) {
            return Choices(options: [.object([JSONMember(key: "tag", value: .string(bedrock))])])
        }
        var options: [JSONValue] = []
        var truncated = false
        for member in tagMembers(full, truncated: &truncated) {
            if let mapped = bedrockItem(member), !options.contains(Self.itemValue(mapped)) { options.append(Self.itemValue(mapped)) }
        }
        let bound = truncated ? " (only its first \(Self.maxMembers) members, \(Self.maxDepth) levels deep, are read)" : ""
        guard !options.isEmpty else { throw .skipped("tag #\(full) resolves to no item Bedrock has" + bound) }
        return Choices(options: options, notes: truncated ? ["tag #\(full) is larger than the engine reads" + bound] : [])
    }

    /// Whether the jar adds its own items to a tag (then it is expanded rather than mapped).
    private func ownMembers(_ tag: String) -> Bool {
        guard let id = ResourceLocation(tag) else { return false }
        return context.contents.itemTags[id]?.isEmpty == false
    }

    /// Java ids in a tag: the jar's tag files, else the vanilla/convention tables.
    func tagMembers(_ tag: String) -> [String] {
        var truncated = false
        return tagMembers(tag, truncated: &truncated)
    }

    /// Java ids in a tag, and whether the bounds cut it short.
    func tagMembers(_ tag: String, truncated: inout Bool) -> [String] {
        var seen: Set<String> = []
        var items: [String] = []
        collect(tag, depth: 0, seen: &seen, truncated: &truncated, into: &items)
        if items.isEmpty {
            items = VanillaTags.members[tag] ?? []
            if items.isEmpty, let id = ResourceLocation(tag), ["c", "forge", "fabric"].contains(id.namespace), let single = VanillaItems.conventionTags[id.path] {
                items = [single]
            }
        }
        return Array(items.prefix(Self.maxMembers))
    }

    private func collect(_ tag: String, depth: Int, seen: inout Set<String>, truncated: inout Bool, into items: inout [String]) {
        guard depth < Self.maxDepth, items.count < Self.maxMembers else {
            truncated = true
            return
        }
        guard seen.insert(tag).inserted, let id = ResourceLocation(tag) else { return }
        var own: [String] = []
        for entry in context.contents.itemTags[id] ?? [] {
            guard let json = context.contents.json(entry) else { continue }
            if json["replace"] == .bool(true) { own.removeAll() }
            let values = json["values"]?.arrayValue ?? []
            if values.count > Self.maxMembers { truncated = true }
            for value in values.prefix(Self.maxMembers) {
                let text = value.stringValue ?? value["id"]?.stringValue ?? ""
                if text.hasPrefix("#") {
                    var nested: [String] = []
                    collect(String(text.dropFirst()), depth: depth + 1, seen: &seen, truncated: &truncated, into: &nested)
                    if nested.isEmpty { nested = VanillaTags.members[String(text.dropFirst())] ?? [] }
                    own += nested
                } else if !text.isEmpty {
                    own.append(text)
                }
            }
        }
        for item in own where !items.contains(item) {
            guard items.count < Self.maxMembers else {
                truncated = true
                break
            }
            items.append(item)
        }
    }

    /// A Java item id (modern, or 1.12 with a data value) as a Bedrock item: the mod's own ids keep
    /// their namespace (only when the add-on defines them), vanilla ids are translated; `nil` when
    /// nothing stands for it.
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

    static func itemValue(_ item: VanillaItems.BedrockItem) -> JSONValue {
        var members = [JSONMember(key: "item", value: .string(item.identifier))]
        if item.data != 0 { members.append(JSONMember(key: "data", value: .number(Double(item.data)))) }
        return .object(members)
    }
}

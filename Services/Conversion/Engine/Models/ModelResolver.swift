/// Follows model parents through the jar, then through the vanilla models of the mod's Minecraft
/// version (``VanillaModels``), down to elements or an item built-in; custom loaders are read by
/// ``ModelLoaders``.
///
/// Bounded: chains deeper than ``maxDepth`` or that loop, and models with more than
/// ``maxElements`` elements, are refused with a precise problem.
final class ModelResolver {
    let contents: ModContents
    /// Index into ``VanillaModels/versions`` the mod resolves against.
    let vanillaVersion: Int
    private var cache: [ResourceLocation: Result<ResolvedModel, ModelProblem>] = [:]
    private let parser = LenientJSONParser()

    static let maxDepth = 24
    static let maxElements = 1_024

    init(contents: ModContents) {
        self.contents = contents
        vanillaVersion = VanillaModels.versionIndex(for: contents.metadata.minecraftVersion)
    }

    /// A model reference as blockstates and parents write it; 1.12 Forge blockstates name block
    /// models without their folder (`ns:ruby` = `ns:block/ruby`).
    func location(_ reference: String, defaultFolder: String? = nil) -> ResourceLocation? {
        guard var location = ResourceLocation(reference) else { return nil }
        if let defaultFolder, !location.path.contains("/") {
            location.path = "\(defaultFolder)/\(location.path)"
        }
        return location
    }

    /// Resolves a model by id.
    func resolve(_ id: ResourceLocation) -> Result<ResolvedModel, ModelProblem> {
        if let cached = cache[id] { return cached }
        let result = resolve(id, depth: 0, seen: [])
        cache[id] = result
        return result
    }

    /// Resolves a model written inline (a composite's child, a loader's base model), named `id`.
    func resolveInline(_ json: JSONValue, id: ResourceLocation, depth: Int = 1) -> Result<ResolvedModel, ModelProblem> {
        resolve(json: json, id: id, entry: id.description, depth: depth, seen: [])
    }

    func resolve(_ id: ResourceLocation, depth: Int, seen: Set<ResourceLocation>) -> Result<ResolvedModel, ModelProblem> {
        guard depth < Self.maxDepth, !seen.contains(id) else {
            return .failure(ModelProblem(description: "model parent chain of \(id) loops or is deeper than \(Self.maxDepth)"))
        }
        if let entry = contents.models[id] ?? contents.models[Self.pluralFolderAlias(id)] {
            guard let json = contents.json(entry) else { return .failure(ModelProblem(description: contents.problem(entry))) }
            return resolve(json: json, id: id, entry: entry, depth: depth, seen: seen.union([id]))
        }
        if let builtin = Self.builtin(id) { return .success(builtin) }
        if id.namespace == "minecraft", let name = Self.vanillaName(id), let text = VanillaModels.definition(name, versionIndex: vanillaVersion) {
            guard let json = try? parser.parse(Array(text.utf8)) else {
                return .failure(ModelProblem(description: "vanilla model \(name) is unreadable"))
            }
            return resolve(json: json, id: id, entry: "vanilla \(name)", depth: depth, seen: seen.union([id])).map { model in
                var model = model
                model.vanillaAncestry.insert(name, at: 0)
                return model
            }
        }
        if id.namespace == "minecraft", id.path.hasPrefix("item/") {
            // Vanilla item parents (`item/bow`, `item/crossbow`, `item/template_spawn_egg`) draw the
            // child's `layer0` as a flat icon.
            var model = ResolvedModel(id: id, shape: .itemGenerated, rawTextures: [:], elements: [], vanillaAncestry: [id.path])
            if id.path == "item/template_spawn_egg" { model.rawTextures["layer0"] = "minecraft:item/spawn_egg" }
            return .success(model)
        }
        return .failure(ModelProblem(description: "model \(id) is not in the jar and is not a vanilla model"))
    }

    /// Resolves one model file's JSON (its parent first).
    private func resolve(json: JSONValue, id: ResourceLocation, entry: String, depth: Int, seen: Set<ResourceLocation>) -> Result<ResolvedModel, ModelProblem> {
        if let loader = json["loader"]?.stringValue {
            return ModelLoaders(resolver: self).resolve(json, loader: loader.lowercased(), id: id, entry: entry, depth: depth, seen: seen)
        }
        var resolved: ResolvedModel
        if let parentName = json["parent"]?.stringValue {
            guard let parent = location(parentName) else { return .failure(ModelProblem(description: "\(entry): bad parent \"\(parentName)\"")) }
            switch resolve(parent, depth: depth + 1, seen: seen) {
            case .success(let model): resolved = model
            case .failure(let problem): return .failure(problem)
            }
        } else {
            resolved = ResolvedModel(id: id, shape: .elements, rawTextures: [:], elements: [])
        }
        resolved.id = id
        if let elements = json["elements"]?.arrayValue {
            guard elements.count <= Self.maxElements else {
                return .failure(ModelProblem(description: "\(entry): \(elements.count) elements (at most \(Self.maxElements) are read)"))
            }
            resolved.elements = elements.compactMap(ModelElement.init)
            if case .drawnByCode = resolved.shape {} else { resolved.shape = .elements }
        }
        resolved.rawTextures.merge(Self.rawTextures(json)) { _, child in child }
        if let renderType = json["render_type"]?.stringValue { resolved.renderType = renderType }
        return .success(resolved)
    }

    /// The `textures` object of a model file.
    static func rawTextures(_ json: JSONValue) -> [String: String] {
        var raw: [String: String] = [:]
        for member in json["textures"]?.members ?? [] {
            if let text = member.value.stringValue { raw[member.key] = text }
        }
        return raw
    }

    /// The vanilla table's name for `minecraft:block/x` (`x`), `minecraft:x` (1.12 short form) or
    /// `minecraft:blocks/x`.
    static func vanillaName(_ id: ResourceLocation) -> String? {
        for prefix in ["block/", "blocks/"] where id.path.hasPrefix(prefix) { return String(id.path.dropFirst(prefix.count)) }
        return id.path.contains("/") ? nil : id.path
    }

    /// 1.12 mods sometimes name `models/blocks/…`; modern ones `models/block/…`.
    private static func pluralFolderAlias(_ id: ResourceLocation) -> ResourceLocation {
        var alias = id
        if id.path.hasPrefix("block/") { alias.path = "blocks/" + id.path.dropFirst(6) }
        if id.path.hasPrefix("item/") { alias.path = "items/" + id.path.dropFirst(5) }
        return alias
    }

    /// The built-ins no model file describes.
    static func builtin(_ id: ResourceLocation) -> ResolvedModel? {
        guard id.namespace == "minecraft" || id.namespace == "forge" || id.namespace == "neoforge" else { return nil }
        let name = id.path.hasPrefix("item/") ? String(id.path.dropFirst(5)) : id.path
        switch name {
        case "generated", "builtin/generated", "bucket", "bucket_drip":
            return ResolvedModel(id: id, shape: .itemGenerated, rawTextures: [:], elements: [], vanillaAncestry: [name])
        case "handheld", "handheld_rod", "handheld_mace":
            return ResolvedModel(id: id, shape: .itemHandheld, rawTextures: [:], elements: [], vanillaAncestry: [name])
        case "builtin/entity":
            return ResolvedModel(id: id, shape: .drawnByCode("builtin/entity"), rawTextures: [:], elements: [], vanillaAncestry: [name])
        case "block/block", "block/thin_block", "block", "thin_block":
            return ResolvedModel(id: id, shape: .elements, rawTextures: [:], elements: [], vanillaAncestry: [name])
        default:
            return nil
        }
    }
}

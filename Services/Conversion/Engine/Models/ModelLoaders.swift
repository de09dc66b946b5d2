/// Reads the custom model loaders real mods use, each down to what Bedrock can draw, noting what is
/// lost:
///
/// - `fusion:model`, `mantle:retextured`, `mantle:connected` and any loader whose JSON also holds a
///   vanilla model (`parent`, `elements`): that vanilla model (connected textures draw their plain tile).
/// - `forge:composite` / `neoforge:composite` (`children`, legacy `parts`), `forge:multi-layer`
///   (`layers`), `sophisticatedstorage:simple_composite` (`parts`): every visible child merged.
/// - `forge:separate_transforms` / `separate-perspective` / `neoforge:separate_transforms`: `base`.
/// - `forge:bucket` / `fluid_container` / `neoforge:fluid_container`: an icon from `textures.base`
///   (else the vanilla bucket); `forge:item_layers` / `item-layer`: `layer0`.
/// - `forge:obj` / `neoforge:obj`: each group's bounding box as a cube (``ObjModel``).
/// - `sophisticatedstorage:barrel` / `limited_barrel`: `model_parts.base`; `framedblocks:overlay` /
///   `fallback`: `model`; `mantle:fallback`: the last of `models`; `athena:*`: its `ctm_textures` on a cube.
/// - `sophisticatedstorage:chest` / `shulker_box` and other loaders without any model: drawn by code.
struct ModelLoaders {
    let resolver: ModelResolver

    func resolve(_ json: JSONValue, loader: String, id: ResourceLocation, entry: String, depth: Int,
                 seen: Set<ResourceLocation>) -> Result<ResolvedModel, ModelProblem> {
        let name = loader.split(separator: ":").last.map(String.init) ?? loader
        switch name {
        case "composite", "multi-layer", "simple_composite":
            let children = json["children"] ?? json["parts"] ?? json["layers"]
            return merged(children?.members ?? [], visibility: json["visibility"], id: id, depth: depth, loader: loader, base: json)
        case "separate_transforms", "separate-perspective":
            guard let base = json["base"] else { return vanillaPart(json, loader: loader, id: id, entry: entry, depth: depth, seen: seen) }
            return inline(base, id: id, depth: depth).map { noted($0, "\(loader): the base model stands for every view") }
        case "bucket", "fluid_container":
            var model = ResolvedModel(id: id, shape: .itemGenerated, rawTextures: ModelResolver.rawTextures(json), elements: [])
            model.rawTextures["layer0"] = model.rawTextures["base"] ?? "minecraft:item/bucket"
            model.notes.append("\(loader): the container's own icon (the fluid drawn into it at run time is not shown)")
            return .success(model)
        case "item_layers", "item-layer":
            var model = ResolvedModel(id: id, shape: .itemGenerated, rawTextures: ModelResolver.rawTextures(json), elements: [])
            model.notes.append("\(loader): layer0 as the icon (further layers are not drawn)")
            return .success(model)
        case "obj":
            return ObjModel.resolve(json, loader: loader, id: id, contents: resolver.contents)
        case "barrel", "limited_barrel":
            guard let base = json["model_parts"]?["base"], let model = base["model"]?.stringValue else {
                return drawnByCode(json, loader: loader, id: id)
            }
            let child = JSONValue.object([JSONMember(key: "parent", value: .string(model)), JSONMember(key: "textures", value: base["textures"] ?? .object([]))])
            return inline(child, id: id, depth: depth).map { noted($0, "\(loader): the plain barrel (tiers, upgrades and wood variants are drawn by code)") }
        case "overlay":
            return inline(json["model"] ?? .null, id: id, depth: depth).map { noted($0, "\(loader): the wrapped model without its overlay") }
        case "fallback" where json["model"] != nil:
            return inline(json["model"] ?? .null, id: id, depth: depth).map { noted($0, "\(loader): the wrapped model") }
        case "fallback":
            guard let last = json["models"]?.arrayValue?.last else { return drawnByCode(json, loader: loader, id: id) }
            return inline(last.stringValue.map { .object([JSONMember(key: "parent", value: .string($0))]) } ?? last, id: id, depth: depth)
        case "athena", "ctm", "pillar", "giant", "carpet_ctm", "pane_ctm", "limited_pillar":
            if let textures = json["ctm_textures"], let tile = textures["empty"]?.stringValue ?? textures["particle"]?.stringValue ?? textures["center"]?.stringValue {
                let cube = JSONValue.object([
                    JSONMember(key: "parent", value: .string("minecraft:block/cube_all")),
                    JSONMember(key: "textures", value: .object([JSONMember(key: "all", value: .string(tile))])),
                ])
                return inline(cube, id: id, depth: depth).map { noted($0, "\(loader): connected textures drawn as their lone tile") }
            }
            return vanillaPart(json, loader: loader, id: id, entry: entry, depth: depth, seen: seen)
        case "empty":
            return .success(ResolvedModel(id: id, shape: .elements, rawTextures: [:], elements: [], notes: ["\(loader): draws nothing"]))
        default:
            return vanillaPart(json, loader: loader, id: id, entry: entry, depth: depth, seen: seen)
        }
    }

    /// The vanilla model the loader's JSON carries (`parent`, `elements`), or drawn by code without one.
    private func vanillaPart(_ json: JSONValue, loader: String, id: ResourceLocation, entry: String, depth: Int,
                             seen: Set<ResourceLocation>) -> Result<ResolvedModel, ModelProblem> {
        guard json["parent"] != nil || json["elements"] != nil else {
            // A loader wrapping a model of its own (`"flower": {"parent": …}`, `"base": "ns:block/x"`):
            // draw the first such model.
            for member in json.members ?? [] where member.key != "textures" && member.key != "loader" {
                let wrapped = member.value.members != nil && (member.value["parent"] != nil || member.value["elements"] != nil)
                if wrapped {
                    return inline(member.value, id: id, depth: depth).map { noted($0, "custom model loader \(loader): its \"\(member.key)\" model stands in") }
                }
            }
            return drawnByCode(json, loader: loader, id: id)
        }
        let members = (json.members ?? []).filter { $0.key != "loader" }
        let note = loader == "fusion:model" || loader.hasPrefix("mantle:") || loader == "ctm"
            ? "\(loader): connected or retextured faces drawn with the model's own textures"
            : "custom model loader \(loader): its vanilla model part stands in"
        return inline(.object(members), id: id, depth: depth).map { noted($0, note) }
    }

    private func drawnByCode(_ json: JSONValue, loader: String, id: ResourceLocation) -> Result<ResolvedModel, ModelProblem> {
        .success(ResolvedModel(id: id, shape: .drawnByCode("custom model loader \(loader)"), rawTextures: ModelResolver.rawTextures(json), elements: []))
    }

    /// Every visible child, resolved on its own and merged into one model; texture variables are
    /// made unique per child (`c0_side`) so children never take each other's textures.
    private func merged(_ children: [JSONMember], visibility: JSONValue?, id: ResourceLocation, depth: Int, loader: String,
                        base: JSONValue) -> Result<ResolvedModel, ModelProblem> {
        var result = ResolvedModel(id: id, shape: .elements, rawTextures: ModelResolver.rawTextures(base), elements: [])
        var problems: [String] = []
        for (index, child) in children.enumerated() where visibility?[child.key] != .bool(false) {
            let json = child.value.stringValue.map { JSONValue.object([JSONMember(key: "parent", value: .string($0))]) } ?? child.value
            switch inline(json, id: id, depth: depth) {
            case .success(let model):
                let prefix = "c\(index)_"
                result.elements += model.elements.map { $0.renamingTextures { reference in reference.hasPrefix("#") ? "#" + prefix + reference.dropFirst() : reference } }
                for (key, value) in model.rawTextures {
                    result.rawTextures[prefix + key] = value.hasPrefix("#") ? "#" + prefix + value.dropFirst() : value
                }
                if result.rawTextures["particle"] == nil, let particle = model.rawTextures["particle"] { result.rawTextures["particle"] = particle }
                result.vanillaAncestry += model.vanillaAncestry
                result.notes += model.notes
            case .failure(let problem):
                problems.append("\(child.key): \(problem)")
            }
        }
        guard !result.elements.isEmpty || problems.isEmpty else { return .failure(ModelProblem(description: "\(loader): \(problems.joined(separator: "; "))")) }
        result.notes.append("\(loader): \(children.count) part(s) merged into one model" + (problems.isEmpty ? "" : "; unreadable: \(problems.joined(separator: "; "))"))
        guard result.elements.count <= ModelResolver.maxElements else {
            return .failure(ModelProblem(description: "\(loader): \(result.elements.count) elements (at most \(ModelResolver.maxElements) are read)"))
        }
        return .success(result)
    }

    private func inline(_ json: JSONValue, id: ResourceLocation, depth: Int) -> Result<ResolvedModel, ModelProblem> {
        guard depth + 1 < ModelResolver.maxDepth else { return .failure(ModelProblem(description: "model \(id) nests loaders too deeply")) }
        return resolver.resolveInline(json, id: id, depth: depth + 1)
    }

    private func noted(_ model: ResolvedModel, _ note: String) -> ResolvedModel {
        var model = model
        model.notes.append(note)
        return model
    }
}

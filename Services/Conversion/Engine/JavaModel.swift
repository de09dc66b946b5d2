/// One cuboid of a Java block model, in Java's 0–16 pixel space.
struct ModelElement: Equatable {
    struct Face: Equatable {
        /// `[u1, v1, u2, v2]`; computed from the element's bounds when the model leaves it out.
        var uv: [Double]?
        /// The texture variable without `#` (`side`), or a texture id written directly.
        var texture: String
        /// Quarter turns of the face's texture (0, 90, 180, 270).
        var rotation: Int
        var tinted: Bool
    }

    struct Rotation: Equatable {
        var origin: [Double]
        var axis: String
        var angle: Double
    }

    var from: [Double]
    var to: [Double]
    var rotation: Rotation?
    var faces: [(direction: String, face: Face)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.rotation == rhs.rotation
            && lhs.faces.map(\.direction) == rhs.faces.map(\.direction) && lhs.faces.map(\.face) == rhs.faces.map(\.face)
    }

    static let directions = ["north", "east", "south", "west", "up", "down"]

    /// Reads an element; `nil` when `from`/`to` are missing or malformed.
    init?(_ value: JSONValue) {
        guard let from = Self.vector(value["from"]), let to = Self.vector(value["to"]) else { return nil }
        self.from = from
        self.to = to
        if let rotation = value["rotation"], let origin = Self.vector(rotation["origin"]),
           let axis = rotation["axis"]?.stringValue, let angle = rotation["angle"]?.numberValue {
            self.rotation = Rotation(origin: origin, axis: axis, angle: angle)
        }
        var faces: [(String, Face)] = []
        for member in value["faces"]?.members ?? [] where Self.directions.contains(member.key) {
            guard let texture = member.value["texture"]?.stringValue else { continue }
            let uv = member.value["uv"]?.arrayValue?.compactMap(\.numberValue)
            faces.append((member.key, Face(
                uv: uv?.count == 4 ? uv : nil, texture: texture.hasPrefix("#") ? String(texture.dropFirst()) : texture,
                rotation: Int(member.value["rotation"]?.numberValue ?? 0), tinted: member.value["tintindex"] != nil)))
        }
        self.faces = faces.sorted { (Self.directions.firstIndex(of: $0.0) ?? 6) < (Self.directions.firstIndex(of: $1.0) ?? 6) }
    }

    init(from: [Double], to: [Double], rotation: Rotation? = nil, faces: [String: String]) {
        self.from = from
        self.to = to
        self.rotation = rotation
        self.faces = Self.directions.compactMap { direction in
            faces[direction].map { (direction, Face(uv: nil, texture: $0, rotation: 0, tinted: false)) }
        }
    }

    private static func vector(_ value: JSONValue?) -> [Double]? {
        guard let numbers = value?.arrayValue?.compactMap(\.numberValue), numbers.count == 3 else { return nil }
        return numbers
    }
}

/// The shape a block or item model comes down to once its parent chain is followed.
enum ModelShape: Equatable {
    /// One texture on all six faces (or six named faces: `cube`).
    case cube
    case column
    case bottomTop
    case orientable
    case cross
    case slab
    case stairs
    case fencePost
    /// The model's own `elements`.
    case elements
    case itemGenerated
    case itemHandheld
    /// `builtin/entity`, a custom `loader`, an `.obj` model or a parent the engine does not know.
    case unsupported(String)
}

/// A model with its parent chain followed: the shape, the texture variables resolved to texture
/// ids, and the elements that draw it.
struct ResolvedModel: Equatable {
    var id: ResourceLocation
    var shape: ModelShape
    /// Texture variables as the chain writes them, children over parents (`#ref` kept).
    var rawTextures: [String: String]
    /// Variable → texture id (`ns:block/ruby`), `#ref` chains followed; unresolved ones are left out.
    var textures: [String: ResourceLocation] {
        var result: [String: ResourceLocation] = [:]
        for (key, start) in rawTextures {
            var value = start
            var hops = 0
            while value.hasPrefix("#"), hops < 8, let next = rawTextures[String(value.dropFirst())] {
                value = next
                hops += 1
            }
            if !value.hasPrefix("#"), let location = ResourceLocation(value) { result[key] = location }
        }
        return result
    }
    var elements: [ModelElement]
    /// Item-model `layer0` when present.
    var layer0: ResourceLocation? { textures["layer0"] }
    /// Whether any face is tinted (grass, leaves): Bedrock needs a tint method for those.
    var tinted: Bool { elements.contains { $0.faces.contains { $0.face.tinted } } }
}

/// Follows model parents through the jar and down to the vanilla shapes the engine knows.
final class ModelResolver {
    private let contents: ModContents
    private var cache: [ResourceLocation: Result<ResolvedModel, ModelProblem>] = [:]

    struct ModelProblem: Error, Equatable, CustomStringConvertible {
        let description: String
    }

    init(contents: ModContents) {
        self.contents = contents
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

    /// Resolves a model.
    func resolve(_ id: ResourceLocation) -> Result<ResolvedModel, ModelProblem> {
        if let cached = cache[id] { return cached }
        let result = resolveUncached(id, depth: 0, seen: [])
        cache[id] = result
        return result
    }

    private func resolveUncached(_ id: ResourceLocation, depth: Int, seen: Set<ResourceLocation>) -> Result<ResolvedModel, ModelProblem> {
        guard depth < 24, !seen.contains(id) else { return .failure(ModelProblem(description: "model parent chain of \(id) loops or is too deep")) }
        guard let entry = contents.models[id] ?? contents.models[Self.pluralFolderAlias(id)] else {
            if let builtin = Self.builtin(id) { return .success(builtin) }
            return .failure(ModelProblem(description: "model \(id) is not in the jar and is not a vanilla shape the engine knows"))
        }
        guard let json = contents.json(entry) else { return .failure(ModelProblem(description: contents.problem(entry))) }
        if let loader = json["loader"]?.stringValue {
            return .success(ResolvedModel(id: id, shape: .unsupported("custom model loader \(loader)"), rawTextures: rawTextures(json), elements: []))
        }
        var resolved: ResolvedModel
        if let parentName = json["parent"]?.stringValue {
            guard let parent = location(parentName) else { return .failure(ModelProblem(description: "\(entry): bad parent \"\(parentName)\"")) }
            switch resolveUncached(parent, depth: depth + 1, seen: seen.union([id])) {
            case .success(let model): resolved = model
            case .failure(let problem): return .failure(problem)
            }
        } else {
            resolved = ResolvedModel(id: id, shape: .elements, rawTextures: [:], elements: [])
        }
        resolved.id = id
        if let elements = json["elements"]?.arrayValue {
            resolved.elements = elements.compactMap(ModelElement.init)
            if case .unsupported = resolved.shape {} else { resolved.shape = .elements }
        }
        resolved.rawTextures.merge(rawTextures(json)) { _, child in child }
        return .success(resolved)
    }

    /// The `textures` object of a model file.
    private func rawTextures(_ json: JSONValue) -> [String: String] {
        var raw: [String: String] = [:]
        for member in json["textures"]?.members ?? [] {
            if let text = member.value.stringValue { raw[member.key] = text }
        }
        return raw
    }

    /// 1.12 mods sometimes name `models/blocks/…`; modern ones `models/block/…`.
    private static func pluralFolderAlias(_ id: ResourceLocation) -> ResourceLocation {
        var alias = id
        if id.path.hasPrefix("block/") { alias.path = "blocks/" + id.path.dropFirst(6) }
        if id.path.hasPrefix("item/") { alias.path = "items/" + id.path.dropFirst(5) }
        return alias
    }

    // MARK: - Vanilla shapes

    /// The vanilla parents the engine knows, with the texture variables they read.
    static func builtin(_ id: ResourceLocation) -> ResolvedModel? {
        guard id.namespace == "minecraft" else { return nil }
        let name = id.path.hasPrefix("block/") ? String(id.path.dropFirst(6)) : id.path.hasPrefix("item/") ? String(id.path.dropFirst(5)) : id.path
        func model(_ shape: ModelShape, _ elements: [ModelElement] = []) -> ResolvedModel {
            ResolvedModel(id: id, shape: shape, rawTextures: [:], elements: elements)
        }
        let all = ["north", "east", "south", "west", "up", "down"]
        func faces(_ texture: String) -> [String: String] { Dictionary(uniqueKeysWithValues: all.map { ($0, texture) }) }
        switch name {
        case "cube_all", "leaves", "cube_mirrored_all": return model(.cube, [ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: faces("all"))])
        case "cube": return model(.cube, [ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: Dictionary(uniqueKeysWithValues: all.map { ($0, $0) }))])
        case "cube_column", "cube_column_horizontal", "column", "cube_column_mirrored":
            return model(.column, [ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: ["north": "side", "east": "side", "south": "side", "west": "side", "up": "end", "down": "end"])])
        case "cube_bottom_top":
            return model(.bottomTop, [ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: ["north": "side", "east": "side", "south": "side", "west": "side", "up": "top", "down": "bottom"])])
        case "orientable", "orientable_with_bottom", "orientable_vertical":
            return model(.orientable, [ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: ["north": "front", "east": "side", "south": "side", "west": "side", "up": "top", "down": name == "orientable_with_bottom" ? "bottom" : "top"])])
        case "cross", "tinted_cross", "crop":
            let rotation = ModelElement.Rotation(origin: [8, 8, 8], axis: "y", angle: 45)
            return model(.cross, [
                ModelElement(from: [0.8, 0, 8], to: [15.2, 16, 8], rotation: rotation, faces: ["north": "cross", "south": "cross"]),
                ModelElement(from: [8, 0, 0.8], to: [8, 16, 15.2], rotation: rotation, faces: ["west": "cross", "east": "cross"]),
            ])
        case "slab", "slab_top":
            let top = name == "slab_top"
            return model(.slab, [ModelElement(from: [0, top ? 8 : 0, 0], to: [16, top ? 16 : 8, 16], faces: ["north": "side", "east": "side", "south": "side", "west": "side", "up": "top", "down": "bottom"])])
        case "stairs", "inner_stairs", "outer_stairs":
            let sides = ["north": "side", "east": "side", "south": "side", "west": "side", "up": "top", "down": "bottom"]
            return model(.stairs, [ModelElement(from: [0, 0, 0], to: [16, 8, 16], faces: sides), ModelElement(from: [8, 8, 0], to: [16, 16, 16], faces: sides)])
        case "fence_post", "fence_inventory", "wall_post", "template_wall_post", "wall_inventory", "fence_side", "template_wall_side":
            return model(.fencePost, [ModelElement(from: [6, 0, 6], to: [10, 16, 10], faces: faces(name.hasPrefix("wall") || name.hasPrefix("template_wall") ? "wall" : "texture"))])
        case "generated", "builtin/generated": return model(.itemGenerated)
        case "handheld", "handheld_rod", "handheld_mace": return model(.itemHandheld)
        case "builtin/entity": return model(.unsupported("builtin/entity (rendered by code)"))
        case "block", "thin_block": return model(.elements)
        default: return nil
        }
    }
}

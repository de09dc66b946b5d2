/// What a block or item model comes down to once its parent chain is followed.
enum ModelShape: Equatable {
    /// The model's own (or inherited) `elements`.
    case elements
    /// `item/generated`: a flat icon from `layer0`.
    case itemGenerated
    /// `item/handheld` and its kin: a flat icon held like a tool.
    case itemHandheld
    /// `builtin/entity` or a loader whose model is drawn by code (chests, shulker boxes): the jar
    /// holds no geometry for it.
    case drawnByCode(String)
    /// A custom loader or parent the engine cannot read; carries why.
    case unsupported(String)
}

/// A model with its parent chain followed: the shape, the texture variables, the elements that draw
/// it, and what the engine had to approximate on the way (custom loaders, OBJ meshes).
struct ResolvedModel: Equatable {
    var id: ResourceLocation
    var shape: ModelShape
    /// Texture variables as the chain writes them, children over parents (`#ref` kept).
    var rawTextures: [String: String]
    var elements: [ModelElement]
    /// Vanilla models the chain passed through, nearest first (`cube_all`, `cube`, `block`).
    var vanillaAncestry: [String] = []
    /// 1.19+ `render_type` (`minecraft:cutout`, `translucent`, …) when the chain names one.
    var renderType: String?
    /// What was approximated to get here (a loader read as its base model, an OBJ as boxes).
    var notes: [String] = []

    /// Variable → texture id (`ns:block/ruby`), `#ref` chains followed; unresolved ones are left out.
    var textures: [String: ResourceLocation] {
        var result: [String: ResourceLocation] = [:]
        for (key, start) in rawTextures {
            if let location = texture(start) { result[key] = location }
        }
        return result
    }

    /// A face texture (`#variable`, or a texture id written directly) as a texture id, `#ref` chains
    /// followed (at most 8 hops); `nil` when a variable is unset. A bare name is a variable too
    /// (`particle`), as the `textures` object names them.
    func texture(_ reference: String) -> ResourceLocation? {
        let isVariable = reference.hasPrefix("#") || !(reference.contains(":") || reference.contains("/"))
        guard isVariable else { return ResourceLocation(reference) }
        let start = reference.hasPrefix("#") ? String(reference.dropFirst()) : reference
        guard var value = rawTextures[start] else { return nil }
        var hops = 0
        while value.hasPrefix("#") {
            guard hops < 8, let next = rawTextures[String(value.dropFirst())] else { return nil }
            value = next
            hops += 1
        }
        return ResourceLocation(value)
    }

    /// Item-model `layer0` when present.
    var layer0: ResourceLocation? { textures["layer0"] }
    /// Whether any face is tinted (grass, leaves): Bedrock needs a tint method for those.
    var tinted: Bool { elements.contains { $0.faces.contains { $0.face.tinted } } }
    /// Two crossed planes (flowers, saplings, crops): drawn cut out and walked through.
    var isCross: Bool { vanillaAncestry.contains { ["cross", "tinted_cross", "crop", "cross_emissive"].contains($0) } }
}

/// Why a model could not be resolved at all.
struct ModelProblem: Error, Equatable, CustomStringConvertible {
    let description: String
}

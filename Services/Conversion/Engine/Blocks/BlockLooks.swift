import Foundation

/// Turns Java variants and multipart parts into what a Bedrock block draws: a geometry (Bedrock's
/// full block, or one written into the pack), material instances with their textures, render method
/// and tint, and the box the geometry fills.
struct BlockLooks {
    let context: ConversionContext

    /// A material instance: its texture key and, for a biome-tinted face, the tint method.
    struct Instance: Equatable {
        var texture: String
        var tint: String?
    }

    /// What a Bedrock block needs to draw one Java look.
    struct Look {
        var geometry: String
        var instances: [(name: String, instance: Instance)]
        var renderMethod: String
        var box: (origin: [Double], size: [Double])?
        /// Report lines: what was approximated (placeholder textures, untinted faces, loaders).
        var problems: [String]
        var cross: Bool
        /// The bones of a written geometry, in order (multipart parts: `part0`, …).
        var bones: [String]
        /// The lowest block format the look needs (`tint_method` raises it).
        var format: [Int]
        /// No geometry of its own in Java (`builtin/entity`, chests): a stand-in is drawn.
        var drawnByCode: Bool
    }

    /// One part of a look: the variant (model, textures, turn) drawn in bone `bone`.
    struct Part {
        var bone: String
        var variant: BlockVariant
    }

    /// The look of one variant (its turn is applied by the block's `minecraft:transformation`, not
    /// baked in) or of a multipart block's parts (each turned inside its own bone).
    /// - Parameter alwaysDrawn: the bones drawn whatever the state (multipart parts without a
    ///   `when`); the collision and selection boxes hold those, so a fence's box is its post's.
    func look(for parts: [Part], block: ResourceLocation, suffix: String, bakeTurns: Bool, alwaysDrawn: Set<String> = []) -> Look {
        var problems: [String] = []
        var resolved: [(part: Part, model: ResolvedModel)] = []
        for part in parts {
            guard let model = model(for: part.variant, block: block, problems: &problems) else { continue }
            resolved.append((part, model))
        }
        guard !resolved.isEmpty else {
            problems.append(parts.isEmpty ? "no blockstate or block model in the jar; a placeholder cube stands in" : "")
            return Look(geometry: "minecraft:geometry.full_block", instances: [("*", Instance(texture: context.atlas.placeholder()))], renderMethod: "opaque",
                        box: nil, problems: problems.filter { !$0.isEmpty }, cross: false, bones: [], format: BedrockTarget.baseBlockFormat, drawnByCode: false)
        }
        var format = BedrockTarget.baseBlockFormat
        var drawnByCode = false
        var textures: [ResourceLocation] = []
        var instanceNames: [String: Instance] = [:]
        var order: [String] = []
        // Each face gets the material instance of its texture (tinted faces one of their own).
        func instance(for face: ModelElement.Face, in model: ResolvedModel) -> String {
            let texture = model.texture(face.texture)
            let key = textureKey(texture, variable: face.texture, model: model, problems: &problems)
            if let texture { textures.append(texture) }
            var tint: String?
            if face.tinted {
                tint = tintMethod(block: block, texture: texture, problems: &problems)
                if tint != nil { format = BedrockTarget.later(format, BedrockTarget.tintFormat) }
            }
            let name = Self.instanceName(key) + (tint.map { "_" + $0 } ?? "")
            if instanceNames[name] == nil {
                instanceNames[name] = Instance(texture: key, tint: tint)
                order.append(name)
            }
            return name
        }
        var bones: [GeometryBuilder.Bone] = []
        for (part, model) in resolved {
            problems += model.notes
            var elements = model.elements
            if case .drawnByCode(let why) = model.shape {
                drawnByCode = true
                elements = standIn(for: model, block: block, problems: &problems, why: why)
            } else if case .unsupported(let why) = model.shape {
                problems.append("\(why): a cube with its particle texture stands in")
                elements = [Self.cube(texture: "particle")]
            }
            if elements.isEmpty, !model.notes.contains(where: { $0.contains("draws nothing") }) {
                // No elements (a parent of `block/air`, a model only naming its particle): Java
                // draws it in code, so it gets the drawn-by-code stand-in.
                drawnByCode = true
                elements = standIn(for: model, block: block, problems: &problems, why: "model \(model.id) has no elements")
            }
            let mapped = elements.map { element in
                var copy = element
                copy.faces = element.faces.map { ($0.direction, ModelElement.Face(uv: $0.face.uv, texture: instance(for: $0.face, in: model), rotation: $0.face.rotation, tintIndex: $0.face.tintIndex)) }
                return copy
            }
            bones.append(GeometryBuilder.Bone(name: part.bone, elements: mapped, x: bakeTurns ? part.variant.x : 0, y: bakeTurns ? part.variant.y : 0))
        }
        let models = resolved.map(\.model)
        let cross = models.contains { $0.isCross }
        let renderMethod = self.renderMethod(models: models, textures: textures, cross: cross)
        let instances = order.compactMap { name in instanceNames[name].map { (name, $0) } }

        // A single full cube without turns baked in: Bedrock's own full block, faces by direction.
        if bones.count == 1, let only = bones.first, only.x == 0, only.y == 0, Self.isFullCube(only.elements), let element = only.elements.first {
            var byFace: [(String, Instance)] = []
            for (direction, face) in element.faces { byFace.append((direction, instanceNames[face.texture] ?? Instance(texture: context.atlas.placeholder()))) }
            let counts = Dictionary(grouping: byFace.map(\.1.texture), by: { $0 }).mapValues(\.count)
            let common = byFace.first { $0.1.texture == counts.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key }?.1
                ?? Instance(texture: context.atlas.placeholder())
            var list: [(String, Instance)] = [("*", common)]
            for (direction, chosen) in byFace where chosen != common { list.append((direction, chosen)) }
            return Look(geometry: "minecraft:geometry.full_block", instances: list, renderMethod: renderMethod, box: nil,
                        problems: problems, cross: false, bones: [], format: format, drawnByCode: drawnByCode)
        }
        let identifier = "geometry.\(block.namespace).\(block.name)\(suffix)"
        let output = GeometryBuilder.build(identifier: identifier, bones: bones)
        if let scale = output.scale { problems.append("model larger than Bedrock's 30×30×30 px: scaled by \(scale)") }
        context.write(output.file, to: "models/blocks/\(block.namespace)/\(block.name)\(suffix).geo.json", behavior: false)
        let particle = models.first.flatMap { $0.texture("particle") }.flatMap { context.atlas.terrainKey($0) } ?? instances.first?.1.texture
        var list: [(String, Instance)] = [("*", Instance(texture: particle ?? context.atlas.placeholder()))]
        list += instances
        return Look(geometry: identifier, instances: list, renderMethod: renderMethod, box: output.bounds(of: alwaysDrawn), problems: problems, cross: cross,
                    bones: bones.map(\.name), format: format, drawnByCode: drawnByCode)
    }

    /// The model a variant names, its texture overrides applied; `nil` (with a problem) when it
    /// cannot be resolved.
    private func model(for variant: BlockVariant, block: ResourceLocation, problems: inout [String]) -> ResolvedModel? {
        guard let modelID = variant.model else {
            problems.append("no blockstate or block model in the jar; a placeholder cube stands in")
            return nil
        }
        switch context.resolver.resolve(modelID) {
        case .success(var resolved):
            resolved.rawTextures.merge(variant.textureOverrides) { _, new in new }
            return resolved
        case .failure(let problem):
            problems.append("\(problem); a placeholder cube stands in")
            return nil
        }
    }

    /// A block Java draws by code: the block's item model when it has elements, else a cube with
    /// the particle texture.
    private func standIn(for model: ResolvedModel, block: ResourceLocation, problems: inout [String], why: String) -> [ModelElement] {
        let item = ResourceLocation(namespace: block.namespace, path: "item/\(block.name)")
        if case .success(let itemModel) = context.resolver.resolve(item), case .elements = itemModel.shape, !itemModel.elements.isEmpty {
            problems.append("drawn by code in Java (\(why)): the block's item model stands in")
            return itemModel.elements.map { $0.renamingTextures { variable in itemModel.texture(variable).map(\.description) ?? variable } }
        }
        // Without a particle texture the add-on can draw, the item's flat icon covers the cube.
        let particleDrawable = model.texture("particle").flatMap { context.atlas.terrainKey($0) } != nil
        if !particleDrawable, case .success(let itemModel) = context.resolver.resolve(item), let icon = itemModel.texture("layer0"),
           context.atlas.terrainKey(icon) != nil {
            problems.append("drawn by code in Java (\(why)): a cube wearing the item's icon stands in")
            return [Self.cube(texture: icon.description)]
        }
        problems.append("drawn by code in Java (\(why)): a cube with its particle texture stands in")
        return [Self.cube(texture: "particle")]
    }

    /// A full cube with one texture (a variable or a texture id) on every face.
    static func cube(texture: String) -> ModelElement {
        ModelElement(from: [0, 0, 0], to: [16, 16, 16], faces: Dictionary(uniqueKeysWithValues: ModelElement.directions.map { ($0, texture) }))
    }

    /// The terrain key of a face's texture; the placeholder (with a problem) when it has none.
    /// The terrain key of a face's texture. One the jar lacks (another mod's, a generated one) is
    /// replaced by another texture of the same model (its particle first), named in the report; the
    /// placeholder only when the model has none at all.
    private func textureKey(_ texture: ResourceLocation?, variable: String, model: ResolvedModel, problems: inout [String]) -> String {
        if let texture, let key = context.atlas.terrainKey(texture) { return key }
        let why = texture.map { context.atlas.problem($0) ?? "texture \($0) unusable" } ?? "texture variable \(variable.hasPrefix("#") ? "" : "#")\(variable) is not set"
        let candidates = [model.texture("particle")] + model.textures.sorted { $0.key < $1.key }.map { Optional($0.value) }
        for candidate in candidates.compactMap({ $0 }) where candidate != texture {
            if let key = context.atlas.terrainKey(candidate) {
                note("\(why); the model's \(candidate) stands in", &problems)
                return key
            }
        }
        note("\(why); the placeholder stands in", &problems)
        return context.atlas.placeholder()
    }

    private func note(_ text: String, _ problems: inout [String]) {
        if !problems.contains(text) { problems.append(text) }
    }

    /// One element filling the block with six plain faces: Bedrock's full-block geometry draws it.
    static func isFullCube(_ elements: [ModelElement]) -> Bool {
        guard elements.count == 1, let element = elements.first else { return false }
        return element.from == [0, 0, 0] && element.to == [16, 16, 16] && element.rotation == nil && element.faces.count == 6
            && element.faces.allSatisfy { ($0.face.uv ?? [0, 0, 16, 16]) == [0, 0, 16, 16] && $0.face.rotation % 360 == 0 }
    }

    /// A material instance name from a texture key (Bedrock instance names are plain words).
    static func instanceName(_ key: String) -> String {
        let cleaned = String(key.unicodeScalars.map { Self.isNameScalar($0) ? Character($0) : "_" })
        return cleaned.isEmpty ? "texture" : cleaned
    }

    private static let alphanumerics = CharacterSet.alphanumerics

    /// A letter, digit or `_` (Foundation's `alphanumerics`; ASCII, nearly every key, decided inline).
    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        default: !scalar.isASCII && alphanumerics.contains(scalar)
        }
    }
}

import Foundation
import Previews

/// Draws every block and item twice — the Java model from the jar, the Bedrock geometry from the
/// add-on's own files — and scores how alike they look (``Previews/Agreement``).
///
/// The two sides are built independently: the Java scene from the blockstate's default variant (or
/// the multipart parts a default state shows), the model's elements and the jar's PNGs; the Bedrock
/// scene from the block file, its geometry file, `terrain_texture.json` and the pack's PNGs — only
/// what the game reads. A vanilla texture neither side ships is drawn on both as one colour taken
/// from its Bedrock path. A texture or geometry that cannot be read gives the placeholder image and
/// a reason. Bounded: at most ``maxFeatures`` blocks and items are drawn.
struct PreviewStage {
    let context: ConversionContext

    static let maxFeatures = 2_000

    /// Preview images by name (`block-<ns>-<name>-java`), and each feature's preview line by Java id.
    struct Output {
        var images: [String: Data] = [:]
        var previews: [String: ConversionReport.Preview] = [:]
        var skipped = 0
    }

    func run() -> Output {
        var output = Output()
        let textures = PreviewTextures(context: context)
        // The scenes are drawn here, in order (the texture and model caches are not shared across
        // threads); encoding and scoring, the larger part, run on `parallelism` threads.
        var drawings: [Drawing] = []
        for id in context.blocks {
            let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.name)"
            guard context.writtenBlocks.contains(bedrockID) else { continue }
            guard drawings.count < context.options.maxPreviews else { output.skipped += 1; continue }
            drawings.append(Drawing(kind: "block", id: id, java: javaBlock(id, textures: textures), bedrock: bedrockBlock(id, textures: textures)))
        }
        for id in context.items {
            let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.name)"
            guard context.writtenItems.contains(bedrockID) else { continue }
            guard drawings.count < context.options.maxPreviews else { output.skipped += 1; continue }
            drawings.append(Drawing(kind: "item", id: id, java: javaIcon(id, textures: textures), bedrock: bedrockIcon(id, textures: textures)))
        }
        for recorded in Parallel.map(drawings, parallelism: context.options.parallelism, cost: { _ in 1 }, Self.record) {
            output.images[recorded.preview.java] = recorded.java
            output.images[recorded.preview.bedrock] = recorded.bedrock
            output.previews[recorded.javaID] = recorded.preview
        }
        return output
    }

    /// A render, or why there is none (the placeholder image stands in).
    typealias Render = Result<RGBAImage, PreviewFailure>

    struct PreviewFailure: Error {
        let reason: String
    }

    /// One feature drawn both ways.
    struct Drawing {
        let kind: String
        let id: ResourceLocation
        let java: Render
        let bedrock: Render
    }

    /// A drawing's two PNGs and its report line.
    struct Recorded {
        let javaID: String
        let java: Data
        let bedrock: Data
        let preview: ConversionReport.Preview
    }

    private static func record(_ drawing: Drawing) -> Recorded {
        let base = "\(drawing.kind)-\(drawing.id.namespace)-\(drawing.id.path.replacingOccurrences(of: "/", with: "_"))"
        let javaImage = (try? drawing.java.get()) ?? PlaceholderImage.image
        let bedrockImage = (try? drawing.bedrock.get()) ?? PlaceholderImage.image
        let agreement = Agreement.score(javaImage, bedrockImage)
        var reason = agreement.reason?.rawValue
        var different = agreement.looksDifferent
        for case .failure(let failure) in [drawing.java, drawing.bedrock] {
            reason = failure.reason
            different = true
        }
        return Recorded(
            javaID: drawing.id.description, java: PNG.encode(javaImage), bedrock: PNG.encode(bedrockImage),
            preview: ConversionReport.Preview(java: base + "-java", bedrock: base + "-bedrock", score: agreement.overall, looksDifferent: different, reason: reason))
    }

    // MARK: - Java

    private func javaBlock(_ id: ResourceLocation, textures: PreviewTextures) -> Render {
        guard let parts = javaParts(id) else { return .failure(PreviewFailure(reason: "no Java model to draw")) }
        var elements: [JavaModelScene.Element] = []
        var methods: Set<RenderMethod> = []
        var turn = (x: 0, y: 0)
        for (variant, single) in parts {
            guard let modelID = variant.model, case .success(var model) = context.resolver.resolve(modelID) else { continue }
            model.rawTextures.merge(variant.textureOverrides) { _, new in new }
            if single { turn = (variant.x, variant.y) }
            if model.elements.isEmpty, case .drawnByCode = model.shape { return .failure(PreviewFailure(reason: "drawn by code in Java: no model to compare")) }
            for element in model.elements {
                var faces: [FaceDirection: JavaModelScene.Face] = [:]
                for (direction, face) in element.faces {
                    guard let facing = FaceDirection(rawValue: direction) else { continue }
                    let texture = model.texture(face.texture)
                    let image = textures.java(texture)
                    if let broken = image.broken { return .failure(PreviewFailure(reason: broken)) }
                    if image.translucent { methods.insert(.blend) } else if image.cutout { methods.insert(.alphaTestSingleSided) }
                    faces[facing] = JavaModelScene.Face(
                        texture: image.image, uv: face.uv.map { UVRect($0[0], $0[1], $0[2], $0[3]) }, rotation: face.rotation,
                        tint: face.tinted ? PreviewTextures.tint(block: id, texture: texture) : nil)
                }
                let rotation = element.rotation.flatMap { rotation -> JavaModelScene.Rotation? in
                    guard let axis = Axis(rawValue: rotation.axis) else { return nil }
                    return JavaModelScene.Rotation(origin: Vector3(rotation.origin[0], rotation.origin[1], rotation.origin[2]), axis: axis,
                                                   angle: rotation.angle, rescale: rotation.rescale)
                }
                var placed = JavaModelScene.Element(from: Vector3(element.from[0], element.from[1], element.from[2]),
                                                    to: Vector3(element.to[0], element.to[1], element.to[2]), rotation: rotation, faces: faces)
                if !single { placed = Self.turned(placed, x: variant.x, y: variant.y) }
                elements.append(placed)
            }
        }
        guard !elements.isEmpty else { return .failure(PreviewFailure(reason: "the Java model has no elements (drawn by code in Java): no model to compare")) }
        let method: RenderMethod = methods.contains(.blend) ? .blend : methods.contains(.alphaTestSingleSided) ? .alphaTestSingleSided : .opaque
        do {
            let scene = try JavaModelScene(elements: Array(elements.prefix(JavaModelScene.maxElements)), blockstateX: turn.x, blockstateY: turn.y, renderMethod: method)
            return .success(PreviewRenderer.render(scene))
        } catch {
            return .failure(PreviewFailure(reason: "the Java model cannot be drawn: \(error)"))
        }
    }

    /// The variants the Java default state draws: the default variant (its turn applied to the whole
    /// scene), or every multipart part whose `when` holds for the default state (each turned alone).
    private func javaParts(_ id: ResourceLocation) -> [(BlockVariant, Bool)]? {
        var definition = BlockStateDefinition(properties: [], variants: [], approximations: [])
        if let entry = context.contents.blockstates[id], let json = context.contents.json(entry) {
            definition = (try? BlockStateReader.read(json, resolver: context.resolver)) ?? definition
        }
        if let texture = context.stations.generated[id] {
            return [(BlockVariant(condition: [:], model: ResourceLocation(namespace: "minecraft", path: "block/cube_all"),
                                  textureOverrides: ["all": texture.description, "particle": texture.description], x: 0, y: 0), true)]
        }
        if !definition.parts.isEmpty {
            // Java's usual default state: unconnected, a wall's post up, else the first value.
            var defaults: [String: String] = [:]
            for (name, values) in definition.properties {
                if BlockShape.cardinal.contains(name) {
                    defaults[name] = values.allSatisfy { $0 == "true" || $0 == "false" } ? "false" : "none"
                } else if name == "up", BlockShape.detect(definition) == .connecting(wall: true) {
                    defaults[name] = "true"
                } else {
                    defaults[name] = ["false", "none", "y", "north", "bottom"].first { values.contains($0) } ?? values.first ?? ""
                }
            }
            return definition.parts.filter { Self.holds($0.condition, defaults) }.map { ($0.variant, false) }
        }
        if let base = BlockConverter.defaultFirst(definition.variants).first { return [(base, true)] }
        let model = ResourceLocation(namespace: id.namespace, path: "block/\(id.name)")
        return context.contents.models[model] != nil ? [(BlockVariant(condition: [:], model: model, textureOverrides: [:], x: 0, y: 0), true)] : nil
    }

    static func holds(_ condition: PartCondition, _ values: [String: String]) -> Bool {
        switch condition {
        case .always: return true
        case .test(let property, let wanted, let negated): return wanted.contains(values[property] ?? "") != negated
        case .all(let terms): return terms.allSatisfy { holds($0, values) }
        case .any(let terms): return terms.contains { holds($0, values) }
        }
    }

    /// An element turned by a multipart part's quarter turns (x first, then y) about the block centre.
    static func turned(_ element: JavaModelScene.Element, x: Int, y: Int) -> JavaModelScene.Element {
        var result = element
        result.partX = x
        result.partY = y
        return result
    }

    private func javaIcon(_ id: ResourceLocation, textures: PreviewTextures) -> Render {
        guard case .success(let model) = context.resolver.resolve(ResourceLocation(namespace: id.namespace, path: "item/\(id.name)")),
              let texture = model.layer0 ?? model.texture("particle") ?? model.textures.sorted(by: { $0.key < $1.key }).first?.value else {
            return .failure(PreviewFailure(reason: "no Java item texture to draw"))
        }
        return .success(PreviewRenderer.renderIcon(textures.java(texture).image))
    }

    // MARK: - Bedrock

    private func bedrockBlock(_ id: ResourceLocation, textures: PreviewTextures) -> Render {
        guard let data = context.behaviorPack["blocks/\(id.namespace)/\(id.name).json"], let file = try? LenientJSONParser().parse(data),
              let components = file["minecraft:block"]?["components"] else {
            return .failure(PreviewFailure(reason: "the add-on has no block file to draw"))
        }
        var materials: [String: Material] = [:]
        for instance in components["minecraft:material_instances"]?.members ?? [] {
            guard let key = instance.value["texture"]?.stringValue else { continue }
            let method = instance.value["render_method"]?.stringValue.flatMap(RenderMethod.init(bedrockName:)) ?? .opaque
            let tint = instance.value["tint_method"]?.stringValue.flatMap(PreviewTextures.tint(method:))
            materials[instance.key] = Material(texture: textures.bedrockTerrain(key), renderMethod: method, tint: tint)
        }
        let rotation = components["minecraft:transformation"]?["rotation"]?.arrayValue?.compactMap(\.numberValue) ?? [0, 0, 0]
        let turn = Vector3(rotation.count > 0 ? rotation[0] : 0, rotation.count > 1 ? rotation[1] : 0, rotation.count > 2 ? rotation[2] : 0)
        let geometry = components["minecraft:geometry"]
        let identifier = geometry?.stringValue ?? geometry?["identifier"]?.stringValue ?? ""
        let visibility = BoneVisibility(description: file["minecraft:block"]?["description"])
        var hidden: Set<String> = []
        for bone in geometry?["bone_visibility"]?.members ?? [] where !visibility.visible(bone.value) { hidden.insert(bone.key) }
        do {
            if identifier == "minecraft:geometry.full_block" {
                return .success(PreviewRenderer.render(try .fullBlock(materials: materials, rotation: turn)))
            }
            guard let geo = context.resourcePack.first(where: { $0.key.hasSuffix(".geo.json") && Self.defines($0.value, identifier) })?.value else {
                return .failure(PreviewFailure(reason: "geometry \(identifier) is not in the add-on"))
            }
            let scene = try BedrockGeometryScene(geometryJSON: geo, identifier: identifier, materials: materials, hiddenBones: hidden, rotation: turn)
            return .success(PreviewRenderer.render(scene))
        } catch {
            return .failure(PreviewFailure(reason: "the Bedrock geometry cannot be drawn: \(error)"))
        }
    }

    private static func defines(_ file: Data, _ identifier: String) -> Bool {
        file.range(of: Data("\"\(identifier)\"".utf8)) != nil
    }

    private func bedrockIcon(_ id: ResourceLocation, textures: PreviewTextures) -> Render {
        guard let data = context.behaviorPack["items/\(id.namespace)/\(id.name).json"], let file = try? LenientJSONParser().parse(data),
              let icon = file["minecraft:item"]?["components"]?["minecraft:icon"] else {
            return .failure(PreviewFailure(reason: "the add-on has no item file to draw"))
        }
        guard let key = icon.stringValue ?? icon["textures"]?["default"]?.stringValue else { return .failure(PreviewFailure(reason: "the item has no icon")) }
        return .success(PreviewRenderer.renderIcon(textures.bedrockItem(key)))
    }
}

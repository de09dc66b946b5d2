import Foundation

/// A Bedrock block as the add-on holds it: a `.geo.json` geometry (or the built-in full block),
/// its `minecraft:material_instances`, hidden bones and `minecraft:transformation` rotation,
/// ready to render with ``PreviewRenderer/render(_:)-(BedrockGeometryScene)``.
public struct BedrockGeometryScene: Sendable {
    /// The geometry's `description.identifier`.
    public var identifier: String { geometry.identifier }
    /// Material instances by name. A face uses its `material_instance` name (or, without one,
    /// its direction: `up`, `north`…), falling back to `*`, then to the magenta-and-black
    /// ``PlaceholderImage/texture``.
    public var materials: [String: Material]
    /// Bones not drawn (`minecraft:geometry`'s `bone_visibility` set to false); their child
    /// bones are hidden with them.
    public var hiddenBones: Set<String>
    /// The block's `minecraft:transformation` `rotation`, degrees `[x, y, z]`.
    public var rotation: Vector3

    let geometry: BedrockGeometry

    /// A scene from `.geo.json` bytes.
    /// - Parameters:
    ///   - identifier: which geometry of the file to use; `nil` takes the first.
    /// - Throws: ``GeometryError`` naming the path and problem for malformed or oversized files
    ///   (more than 4 MiB, 1,024 bones or 1,024 cubes, nesting deeper than 64), formats before
    ///   1.12.0, and a non-finite `rotation`.
    public init(
        geometryJSON data: Data, identifier: String? = nil, materials: [String: Material],
        hiddenBones: Set<String> = [], rotation: Vector3 = .zero
    ) throws(GeometryError) {
        try self.init(geometry: GeometryParser.parse(data, identifier: identifier), materials: materials,
                      hiddenBones: hiddenBones, rotation: rotation)
    }

    /// A scene from `.geo.json` text; see ``init(geometryJSON:identifier:materials:hiddenBones:rotation:)-(Data,_,_,_,_)``.
    public init(
        geometryJSON text: String, identifier: String? = nil, materials: [String: Material],
        hiddenBones: Set<String> = [], rotation: Vector3 = .zero
    ) throws(GeometryError) {
        try self.init(geometryJSON: Data(text.utf8), identifier: identifier, materials: materials,
                      hiddenBones: hiddenBones, rotation: rotation)
    }

    /// The built-in `minecraft:geometry.full_block` (see ``BedrockGeometry/fullBlock``): a whole
    /// cube whose faces take the instances `up`, `down`, `north`, `south`, `east`, `west`, then `*`.
    /// - Throws: ``GeometryError/invalid(path:reason:)`` for a non-finite `rotation`.
    public static func fullBlock(materials: [String: Material], rotation: Vector3 = .zero) throws(GeometryError) -> BedrockGeometryScene {
        try BedrockGeometryScene(geometry: .fullBlock, materials: materials, hiddenBones: [], rotation: rotation)
    }

    init(geometry: BedrockGeometry, materials: [String: Material], hiddenBones: Set<String>, rotation: Vector3) throws(GeometryError) {
        guard [rotation.x, rotation.y, rotation.z].allSatisfy(\.isFinite) else {
            throw .invalid(path: "minecraft:transformation.rotation", reason: "expected finite degrees")
        }
        self.geometry = geometry
        self.materials = materials
        self.hiddenBones = hiddenBones
        self.rotation = rotation
    }
}

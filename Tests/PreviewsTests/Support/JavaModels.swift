import Previews

/// Java models used on both sides of the agreement tests.
enum JavaModels {
    /// Every face of the box, default uv, one texture.
    static func box(_ from: Vector3, _ to: Vector3, texture: RGBAImage = Textures.quadrants,
                    rotation: JavaModelScene.Rotation? = nil, tint: RGB? = nil) -> JavaModelScene.Element {
        var faces: [FaceDirection: JavaModelScene.Face] = [:]
        for direction in FaceDirection.allCases { faces[direction] = JavaModelScene.Face(texture: texture, tint: tint) }
        return JavaModelScene.Element(from: from, to: to, rotation: rotation, faces: faces)
    }

    static let fullCube = box([0, 0, 0], [16, 16, 16])
    static let slab = box([0, 0, 0], [16, 8, 16])
    /// Minecraft's straight stairs facing east: a bottom slab and a step on the east half.
    static let stairs = [box([0, 0, 0], [16, 8, 16], texture: Textures.cells), box([8, 8, 0], [16, 16, 16], texture: Textures.cells)]

    /// `block/cross` without rescale: two planes through the centre, turned 45° about y.
    static func cross(texture: RGBAImage) -> [JavaModelScene.Element] {
        let turn = JavaModelScene.Rotation(origin: [8, 8, 8], axis: .y, angle: 45)
        let full = UVRect(0, 0, 16, 16)
        let first = JavaModelScene.Element(from: [0.8, 0, 8], to: [15.2, 16, 8], rotation: turn, faces: [
            .north: JavaModelScene.Face(texture: texture, uv: full), .south: JavaModelScene.Face(texture: texture, uv: full),
        ])
        let second = JavaModelScene.Element(from: [8, 0, 0.8], to: [8, 16, 15.2], rotation: turn, faces: [
            .west: JavaModelScene.Face(texture: texture, uv: full), .east: JavaModelScene.Face(texture: texture, uv: full),
        ])
        return [first, second]
    }
}

/// One textured face ready to draw, in world space: Java's block coordinates in pixels, the block
/// spanning 0…16 on each axis (x east, y up, z south). Both scene kinds produce these, and
/// nothing after this point knows which edition a face came from.
struct Quad {
    /// Four corners going round the face; triangles (0, 1, 2) and (0, 2, 3) cover it.
    var corners: [Vector3]
    /// The texture position at each corner, as fractions of the texture's first frame
    /// (0 = left/top edge, 1 = right/bottom edge).
    var uvs: [SIMD2<Double>]
    /// The outward unit normal, after every rotation.
    var normal: Vector3
    /// The texture, already cut to its first frame.
    var texture: RGBAImage
    var alpha: AlphaMode
    var drawsBackFace: Bool
    var tint: RGB

    init(corners: [Vector3], uvs: [SIMD2<Double>], normal: Vector3, material: Material, cullsBackFace: Bool) {
        self.corners = corners
        self.uvs = uvs
        self.normal = normal
        texture = material.texture.firstFrame
        alpha = material.renderMethod.alphaMode
        drawsBackFace = !cullsBackFace
        tint = material.tint ?? .white
    }
}

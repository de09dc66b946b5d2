/// The fixed view every preview uses: Java Edition's inventory view of a block.
///
/// Minecraft's `block/block.json` shows blocks in the GUI with rotation `[30, 225, 0]`: the
/// block turns 225° about the vertical axis, then tilts 30° about the horizontal screen axis, and
/// is drawn with an orthographic projection. The viewer sees the **top** face, the **east** face
/// on the left and the **north** face on the right (so a furnace's north-facing front shows).
///
/// The projection maps a world point `p` (block pixels, block 0…16) to
/// `v = Rx(30°) · Ry(225°) · (p − 8) / 16`, then to image pixel `(64 + 72·v.x, 64 − 72·v.y)`, with
/// depth `v.z` (larger is nearer). At 72 image pixels a block, the whole block spans about 102×113
/// pixels, leaving a margin of about 7 pixels above and below; parts of a model reaching well
/// outside the block are clipped at the image edge.
public enum Camera {
    /// Width and height of every render.
    public static let imageSize = 128
    /// Image pixels per block (16 model pixels).
    public static let pixelsPerBlock = 72.0
    /// The tilt about the screen's horizontal axis, degrees.
    public static let pitchDegrees = 30.0
    /// The turn about the vertical axis, degrees.
    public static let yawDegrees = 225.0

    static let view = Matrix3.rotation(.x, degrees: pitchDegrees) * Matrix3.rotation(.y, degrees: yawDegrees)

    /// Where the world point `point` (block pixels) lands: `x` right and `y` down in image
    /// pixels, `z` its depth in blocks (larger is nearer the viewer).
    public static func project(_ point: Vector3) -> Vector3 {
        let centred = view * ((point - Vector3(8, 8, 8)) / 16)
        let half = Double(imageSize) / 2
        return Vector3(half + pixelsPerBlock * centred.x, half - pixelsPerBlock * centred.y, centred.z)
    }

    /// `direction` in view space (z towards the viewer).
    static func towardsViewer(_ direction: Vector3) -> Double { (view * direction).z }
}

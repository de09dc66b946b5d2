/// The fixed, direction-only lighting applied to both editions alike.
///
/// A face with unit normal `n` is darkened by
/// `min(1, 0.6·nx² + 0.8·nz² + ny²·(3 + ny)/4)`: up 1.0, north and south 0.8, east and west 0.6,
/// down 0.5 — Minecraft's block face shading — blended smoothly for tilted faces so that two
/// editions' slightly different rounding of a 45° face cannot flip it to another shade.
public enum Shading {
    /// The brightness factor for a face with unit normal `normal` (world space).
    public static func factor(_ normal: Vector3) -> Double {
        let value = 0.6 * normal.x * normal.x + 0.8 * normal.z * normal.z + normal.y * normal.y * (3 + normal.y) / 4
        return min(1, value)
    }
}

/// The six faces of a box, named after the world direction they face in Java Edition's block
/// space (x east, y up, z south). Bedrock names a cube's faces the same way.
public enum FaceDirection: String, Sendable, CaseIterable, Hashable {
    /// Towards −z.
    case north
    /// Towards +x.
    case east
    /// Towards +z.
    case south
    /// Towards −x.
    case west
    /// Towards +y.
    case up
    /// Towards −y.
    case down

    /// The outward unit normal in Java block space.
    var normal: Vector3 {
        switch self {
        case .north: [0, 0, -1]
        case .south: [0, 0, 1]
        case .east: [1, 0, 0]
        case .west: [-1, 0, 0]
        case .up: [0, 1, 0]
        case .down: [0, -1, 0]
        }
    }
}

/// A point or direction in 3D, in whatever units the caller says.
public typealias Vector3 = SIMD3<Double>

/// A coordinate axis.
public enum Axis: String, Sendable, CaseIterable {
    /// East–west in Java block space.
    case x
    /// Up–down.
    case y
    /// North–south.
    case z
}

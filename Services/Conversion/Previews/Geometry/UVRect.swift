/// A texture rectangle `[u1, v1, u2, v2]`: the texture position at a face's first corner and at
/// the opposite corner (`u1 > u2` or `v1 > v2` flips the texture).
public struct UVRect: Sendable, Hashable {
    /// `u` at the first corner.
    public var u1: Double
    /// `v` at the first corner.
    public var v1: Double
    /// `u` at the opposite corner.
    public var u2: Double
    /// `v` at the opposite corner.
    public var v2: Double

    /// A rectangle from its four numbers, in the order Java model files write them.
    public init(_ u1: Double, _ v1: Double, _ u2: Double, _ v2: Double) {
        self.u1 = u1
        self.v1 = v1
        self.u2 = u2
        self.v2 = v2
    }

    var isFinite: Bool { [u1, v1, u2, v2].allSatisfy(\.isFinite) }
}

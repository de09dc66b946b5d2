/// A rotation or scale about a fixed point, then nothing else: `p ↦ centre + matrix·(p − centre)`.
struct PivotTransform {
    var matrix: Matrix3
    var centre: Vector3

    func apply(_ point: Vector3) -> Vector3 { centre + matrix * (point - centre) }
}

/// A 3×3 matrix (rotations and axis scales), stored as rows.
struct Matrix3: Equatable {
    var row0: Vector3
    var row1: Vector3
    var row2: Vector3

    static let identity = Matrix3(row0: [1, 0, 0], row1: [0, 1, 0], row2: [0, 0, 1])

    /// The right-handed rotation by `degrees` about `axis`: positive turns counter-clockwise when
    /// looking from the positive end of the axis towards the origin (the usual maths convention,
    /// and Java Edition's for element rotations).
    static func rotation(_ axis: Axis, degrees: Double) -> Matrix3 {
        let (cosine, sine) = Trig.cosineSine(degrees: degrees)
        switch axis {
        case .x: return Matrix3(row0: [1, 0, 0], row1: [0, cosine, -sine], row2: [0, sine, cosine])
        case .y: return Matrix3(row0: [cosine, 0, sine], row1: [0, 1, 0], row2: [-sine, 0, cosine])
        case .z: return Matrix3(row0: [cosine, -sine, 0], row1: [sine, cosine, 0], row2: [0, 0, 1])
        }
    }

    /// A diagonal scale.
    static func scale(_ factors: Vector3) -> Matrix3 {
        Matrix3(row0: [factors.x, 0, 0], row1: [0, factors.y, 0], row2: [0, 0, factors.z])
    }

    static func * (matrix: Matrix3, vector: Vector3) -> Vector3 {
        Vector3((matrix.row0 * vector).sum(), (matrix.row1 * vector).sum(), (matrix.row2 * vector).sum())
    }

    /// `left * right` applies `right` first.
    static func * (left: Matrix3, right: Matrix3) -> Matrix3 {
        let columns = [Vector3(right.row0.x, right.row1.x, right.row2.x),
                       Vector3(right.row0.y, right.row1.y, right.row2.y),
                       Vector3(right.row0.z, right.row1.z, right.row2.z)]
        func row(_ r: Vector3) -> Vector3 { Vector3((r * columns[0]).sum(), (r * columns[1]).sum(), (r * columns[2]).sum()) }
        return Matrix3(row0: row(left.row0), row1: row(left.row1), row2: row(left.row2))
    }
}

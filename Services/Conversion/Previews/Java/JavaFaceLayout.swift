/// Java Edition's face conventions, as Minecraft's `FaceBakery`, `FaceInfo` and `BlockFaceUV`
/// define them.
///
/// **Corners.** Each face lists four corners, each taking `from` or `to` per axis:
///
/// | face | corner 0 | corner 1 | corner 2 | corner 3 |
/// | --- | --- | --- | --- | --- |
/// | down | x1 y1 z2 | x1 y1 z1 | x2 y1 z1 | x2 y1 z2 |
/// | up | x1 y2 z1 | x1 y2 z2 | x2 y2 z2 | x2 y2 z1 |
/// | north | x2 y2 z1 | x2 y1 z1 | x1 y1 z1 | x1 y2 z1 |
/// | south | x1 y2 z2 | x1 y1 z2 | x2 y1 z2 | x2 y2 z2 |
/// | west | x1 y2 z1 | x1 y1 z1 | x1 y1 z2 | x1 y2 z2 |
/// | east | x2 y2 z2 | x2 y1 z2 | x2 y1 z1 | x2 y2 z1 |
///
/// **Texture.** With the face's `uv` `[u1, v1, u2, v2]` and rotation `r`, corner `i` takes
/// `j = (i + r/90) mod 4` and gets `(u1, v1)`, `(u1, v2)`, `(u2, v2)`, `(u2, v1)` for `j` = 0…3.
/// So, unrotated and seen from outside: on the sides `u` grows to the viewer's right and `v`
/// downwards (north: towards −x; south: +x; west: +z; east: −z); on `up`, `u` grows with +x and
/// `v` with +z (the texture's top edge at the north); on `down`, `u` grows with +x and `v`
/// with −z (top edge at the south). A rotation turns the texture clockwise on the face.
///
/// **Default uv** (when a face has none), from the element's bounds:
/// down `[x1, 16−z2, x2, 16−z1]`, up `[x1, z1, x2, z2]`, north `[16−x2, 16−y2, 16−x1, 16−y1]`,
/// south `[x1, 16−y2, x2, 16−y1]`, west `[z1, 16−y2, z2, 16−y1]`, east `[16−z2, 16−y2, 16−z1, 16−y1]`.
///
/// `uv` is in 0…16 units whatever the texture's size.
public enum JavaFaceLayout {
    /// Per face, per corner: whether x, y, z take `to` (true) or `from` (false).
    static let corners: [FaceDirection: [(Bool, Bool, Bool)]] = [
        .down: [(false, false, true), (false, false, false), (true, false, false), (true, false, true)],
        .up: [(false, true, false), (false, true, true), (true, true, true), (true, true, false)],
        .north: [(true, true, false), (true, false, false), (false, false, false), (false, true, false)],
        .south: [(false, true, true), (false, false, true), (true, false, true), (true, true, true)],
        .west: [(false, true, false), (false, false, false), (false, false, true), (false, true, true)],
        .east: [(true, true, true), (true, false, true), (true, false, false), (true, true, false)],
    ]

    /// The four corners of `direction`'s face of the box `from`…`to`, in Minecraft's order.
    public static func corners(of direction: FaceDirection, from: Vector3, to: Vector3) -> [Vector3] {
        (corners[direction] ?? []).map { pick in
            Vector3(pick.0 ? to.x : from.x, pick.1 ? to.y : from.y, pick.2 ? to.z : from.z)
        }
    }

    /// The texture positions (in `uv` units) at the four corners, for a face rotation in degrees.
    public static func cornerUVs(_ uv: UVRect, rotation: Int) -> [SIMD2<Double>] {
        let quarter = ((rotation / 90) % 4 + 4) % 4
        return (0..<4).map { corner in
            let shifted = (corner + quarter) % 4
            return SIMD2(shifted < 2 ? uv.u1 : uv.u2, shifted == 0 || shifted == 3 ? uv.v1 : uv.v2)
        }
    }

    /// Minecraft's uv for a face without one.
    public static func defaultUV(_ direction: FaceDirection, from: Vector3, to: Vector3) -> UVRect {
        switch direction {
        case .down: UVRect(from.x, 16 - to.z, to.x, 16 - from.z)
        case .up: UVRect(from.x, from.z, to.x, to.z)
        case .north: UVRect(16 - to.x, 16 - to.y, 16 - from.x, 16 - from.y)
        case .south: UVRect(from.x, 16 - to.y, to.x, 16 - from.y)
        case .west: UVRect(from.z, 16 - to.y, to.z, 16 - from.y)
        case .east: UVRect(16 - to.z, 16 - to.y, 16 - from.z, 16 - from.y)
        }
    }
}

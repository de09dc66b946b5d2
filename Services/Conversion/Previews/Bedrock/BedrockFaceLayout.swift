/// Bedrock Edition's face conventions, stated in Bedrock's own model space (before the mirror
/// into Java's space) and derived from how Blockbench, the reference editor, reads `.geo.json`.
///
/// **Where faces are.** Bedrock model space is Java's with x negated: a cube's `east` face is
/// at its *smallest* x, `west` at its largest; `north` is at the smallest z, `up` the largest y.
///
/// **Per-face UV.** A face's `uv` `[u, v]` sits at a fixed first corner, `u` runs along one edge
/// to `u + uv_size[0]`, `v` along the other to `v + uv_size[1]` (a negative size runs backwards):
///
/// | face | first corner | `u` runs towards | `v` runs towards |
/// | --- | --- | --- | --- |
/// | north | x min, y max, z min | +x | −y |
/// | south | x max, y max, z max | −x | −y |
/// | east (x min) | y max, z max | −z | −y |
/// | west (x max) | y max, z min | +z | −y |
/// | up | x min, z max | +x | −z |
/// | down | x min, z min | +x | +z |
///
/// Seen from outside, the side faces put `[u, v]` at the top left with `u` to the right and `v`
/// down, like Java; `up` and `down` are turned half round compared with Java, which is why a
/// Java `up`/`down` face converts to Bedrock with its corners swapped and negative `uv_size`.
/// `uv_rotation` (format 1.21.0) turns the texture clockwise on the face, as Java's `rotation`.
///
/// **Box UV** (`"uv": [u, v]`), cube size `w × h × d` (x, y, z, each rounded down as Blockbench
/// does): north `[u+d, v+d]` size `[w, h]`, south `[u+2d+w, v+d]` `[w, h]`, east `[u, v+d]`
/// `[d, h]`, west `[u+d+w, v+d]` `[d, h]`, up `[u+d, v]` `[w, d]`, down `[u+d+w, v+d]` `[w, −d]`.
/// `mirror` flips every face's `u` and swaps the east and west rectangles.
enum BedrockFaceLayout {
    /// The four corners of a face of the box `low`…`high` (Bedrock space): the first corner,
    /// then along `u`, then along `u` and `v`, then along `v` (clockwise as seen from outside).
    static func corners(_ direction: FaceDirection, low: Vector3, high: Vector3) -> [Vector3] {
        let (x0, y0, z0, x1, y1, z1) = (low.x, low.y, low.z, high.x, high.y, high.z)
        switch direction {
        case .north: return [[x0, y1, z0], [x1, y1, z0], [x1, y0, z0], [x0, y0, z0]]
        case .south: return [[x1, y1, z1], [x0, y1, z1], [x0, y0, z1], [x1, y0, z1]]
        case .east: return [[x0, y1, z1], [x0, y1, z0], [x0, y0, z0], [x0, y0, z1]]
        case .west: return [[x1, y1, z0], [x1, y1, z1], [x1, y0, z1], [x1, y0, z0]]
        case .up: return [[x0, y1, z1], [x1, y1, z1], [x1, y1, z0], [x0, y1, z0]]
        case .down: return [[x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]]
        }
    }

    /// The outward normal in Bedrock space (east is −x here).
    static func normal(_ direction: FaceDirection) -> Vector3 {
        let java = direction.normal
        return Vector3(-java.x, java.y, java.z)
    }

    /// The face's width and height in pixels along its `u` and `v` edges (the default `uv_size`).
    static func faceSize(_ direction: FaceDirection, size: Vector3) -> SIMD2<Double> {
        switch direction {
        case .north, .south: SIMD2(size.x, size.y)
        case .east, .west: SIMD2(size.z, size.y)
        case .up, .down: SIMD2(size.x, size.z)
        }
    }

    /// The texture positions at the four corners of ``corners(_:low:high:)``, turned clockwise
    /// by `rotation` degrees (a multiple of 90).
    static func cornerUVs(origin: SIMD2<Double>, size: SIMD2<Double>, rotation: Int) -> [SIMD2<Double>] {
        let unturned = [origin, origin + SIMD2(size.x, 0), origin + size, origin + SIMD2(0, size.y)]
        let quarter = ((rotation / 90) % 4 + 4) % 4
        // Turning the picture clockwise moves what was at corner i − 1 to corner i.
        return (0..<4).map { unturned[($0 - quarter + 4) % 4] }
    }

    /// Box UV rectangles (`uv` origin and size per face) for a cube of `size` at `start`.
    static func boxUV(start: SIMD2<Double>, size: Vector3, mirror: Bool) -> [FaceDirection: (SIMD2<Double>, SIMD2<Double>)] {
        let (w, h, d) = (size.x.rounded(.down), size.y.rounded(.down), size.z.rounded(.down))
        var faces: [FaceDirection: (SIMD2<Double>, SIMD2<Double>)] = [
            .north: (SIMD2(d, d), SIMD2(w, h)),
            .south: (SIMD2(2 * d + w, d), SIMD2(w, h)),
            .east: (SIMD2(0, d), SIMD2(d, h)),
            .west: (SIMD2(d + w, d), SIMD2(d, h)),
            .up: (SIMD2(d, 0), SIMD2(w, d)),
            .down: (SIMD2(d + w, d), SIMD2(w, -d)),
        ]
        if mirror {
            for (direction, rect) in faces {
                faces[direction] = (rect.0 + SIMD2(rect.1.x, 0), SIMD2(-rect.1.x, rect.1.y))
            }
            let east = faces[.east]
            faces[.east] = faces[.west]
            faces[.west] = east
        }
        return faces.mapValues { (start + $0.0, $0.1) }
    }
}

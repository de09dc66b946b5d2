/// A 128×128 colour and depth buffer that draws ``Quad``s.
///
/// Cost is bounded: a quad touches at most the pixels of its clipped screen bounding box (never
/// more than 128×128) for each of its two triangles, so a render is O(pixels × faces), and the
/// scenes cap faces at 6 × 1,024. Everything runs on the calling thread in a fixed order.
struct Rasterizer {
    private let size = Camera.imageSize
    private(set) var colour: [UInt8]
    private var depth: [Double]

    /// How much nearer a front face counts than a back face at the same depth, in blocks: a
    /// double-sided plane's back never shows through a coplanar front face (a GPU would z-fight).
    private static let frontFaceBias = 1e-4

    init() {
        colour = [UInt8](repeating: 0, count: Camera.imageSize * Camera.imageSize * 4)
        depth = [Double](repeating: -.infinity, count: Camera.imageSize * Camera.imageSize)
    }

    /// Draws opaque and cutout quads in order with depth writes, then blended quads far to near
    /// (by mean corner depth, ties in input order) over them without depth writes.
    mutating func draw(_ quads: [Quad]) {
        var blended: [(depth: Double, index: Int)] = []
        for (index, quad) in quads.enumerated() {
            if quad.alpha == .blend {
                let mean = quad.corners.reduce(0) { $0 + Camera.project($1).z } / Double(quad.corners.count)
                blended.append((mean, index))
            } else {
                draw(quad)
            }
        }
        blended.sort { $0.depth < $1.depth || ($0.depth == $1.depth && $0.index < $1.index) }
        for entry in blended { draw(quads[entry.index]) }
    }

    private struct ScreenVertex {
        var x: Double
        var y: Double
        var depth: Double
        var uv: SIMD2<Double>
    }

    private mutating func draw(_ quad: Quad) {
        guard quad.corners.count == 4, quad.uvs.count == 4 else { return }
        let facing = Camera.towardsViewer(quad.normal)
        let isFront = facing > 1e-9
        guard isFront || (quad.drawsBackFace && facing < -1e-9) else { return }
        let bias = isFront ? 0 : -Self.frontFaceBias
        let shade = Shading.factor(quad.normal)
        var vertices: [ScreenVertex] = []
        for (corner, uv) in zip(quad.corners, quad.uvs) {
            let projected = Camera.project(corner)
            guard projected.x.isFinite, projected.y.isFinite, projected.z.isFinite else { return }
            vertices.append(ScreenVertex(x: projected.x, y: projected.y, depth: projected.z + bias, uv: uv))
        }
        for triangle in [(0, 1, 2), (0, 2, 3)] {
            Self.fill(vertices[triangle.0], vertices[triangle.1], vertices[triangle.2], size: size) { index, depth, uv in
                shadePixel(index, depth: depth, uv: uv, quad: quad, shade: shade)
            }
        }
    }

    /// Calls `body` for every pixel whose centre lies inside the triangle. Pixels on an edge
    /// belong to exactly one of two triangles sharing it (a top-left style tie rule), so the
    /// two halves of a quad never both draw a pixel.
    private static func fill(
        _ a: ScreenVertex, _ b: ScreenVertex, _ c: ScreenVertex, size: Int, _ body: (Int, Double, SIMD2<Double>) -> Void
    ) {
        func edge(_ from: ScreenVertex, _ to: ScreenVertex, _ x: Double, _ y: Double) -> Double {
            (to.x - from.x) * (y - from.y) - (to.y - from.y) * (x - from.x)
        }
        var (first, second, third) = (a, b, c)
        var area = edge(first, second, third.x, third.y)
        if area < 0 {
            swap(&second, &third)
            area = -area
        }
        guard area > 1e-9 else { return }
        func owns(_ from: ScreenVertex, _ to: ScreenVertex) -> Bool {
            let dy = to.y - from.y
            return dy > 0 || (dy == 0 && to.x - from.x < 0)
        }
        let ownsA = owns(second, third), ownsB = owns(third, first), ownsC = owns(first, second)
        let limit = Double(size - 1)
        let xs = [first.x, second.x, third.x], ys = [first.y, second.y, third.y]
        let minX = Int(max(0, min(limit, (xs.min() ?? 0).rounded(.down))))
        let maxX = Int(max(0, min(limit, (xs.max() ?? 0).rounded(.up))))
        let minY = Int(max(0, min(limit, (ys.min() ?? 0).rounded(.down))))
        let maxY = Int(max(0, min(limit, (ys.max() ?? 0).rounded(.up))))
        for py in minY...maxY {
            let y = Double(py) + 0.5
            for px in minX...maxX {
                let x = Double(px) + 0.5
                let wA = edge(second, third, x, y), wB = edge(third, first, x, y), wC = edge(first, second, x, y)
                guard wA > 0 || (wA == 0 && ownsA), wB > 0 || (wB == 0 && ownsB), wC > 0 || (wC == 0 && ownsC) else { continue }
                let (ba, bb, bc) = (wA / area, wB / area, wC / area)
                let depth = ba * first.depth + bb * second.depth + bc * third.depth
                let uv = ba * first.uv + bb * second.uv + bc * third.uv
                body(py * size + px, depth, uv)
            }
        }
    }

    private mutating func shadePixel(_ index: Int, depth pixelDepth: Double, uv: SIMD2<Double>, quad: Quad, shade: Double) {
        guard pixelDepth > depth[index] else { return }
        let texel = Self.sample(quad.texture, uv)
        let alpha: Double
        switch quad.alpha {
        case .opaque: alpha = 1
        case .cutout:
            guard texel.alpha >= 128 else { return }
            alpha = 1
        case .blend:
            guard texel.alpha > 0 else { return }
            alpha = Double(texel.alpha) / 255
        }
        let scale = shade / 255
        let lit = SIMD3<Double>(
            Double(texel.red) * Double(quad.tint.red) * scale,
            Double(texel.green) * Double(quad.tint.green) * scale,
            Double(texel.blue) * Double(quad.tint.blue) * scale)
        let at = index * 4
        if quad.alpha == .blend {
            let below = Double(colour[at + 3]) / 255
            let outAlpha = alpha + below * (1 - alpha)
            for channel in 0..<3 {
                let mixed = (lit[channel] * alpha + Double(colour[at + channel]) * below * (1 - alpha)) / outAlpha
                colour[at + channel] = Self.byte(mixed)
            }
            colour[at + 3] = Self.byte(outAlpha * 255)
        } else {
            for channel in 0..<3 { colour[at + channel] = Self.byte(lit[channel]) }
            colour[at + 3] = 255
            depth[index] = pixelDepth
        }
    }

    /// The texel under `uv` (fractions of the texture), nearest-neighbour, clamped to the edge.
    static func sample(_ texture: RGBAImage, _ uv: SIMD2<Double>) -> RGBA {
        func texel(_ fraction: Double, _ count: Int) -> Int {
            guard fraction.isFinite else { return 0 }
            return Int(max(0, min(Double(count - 1), (fraction * Double(count)).rounded(.down))))
        }
        return texture.pixel(x: texel(uv.x, texture.width), y: texel(uv.y, texture.height))
    }

    /// `value` rounded half away from zero and clamped to 0…255.
    static func byte(_ value: Double) -> UInt8 {
        UInt8(max(0, min(255, value.rounded())))
    }
}

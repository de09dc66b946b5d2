import Previews

/// Test textures with known, asymmetric content.
enum Textures {
    static let red = RGBA(red: 255, green: 0, blue: 0)
    static let green = RGBA(red: 0, green: 255, blue: 0)
    static let blue = RGBA(red: 0, green: 0, blue: 255)
    static let white = RGBA(red: 255, green: 255, blue: 255)

    /// 16×16: red top-left, green top-right, blue bottom-left, white bottom-right quarters.
    static let quadrants: RGBAImage = image(16, 16) { x, y in
        switch (x < 8, y < 8) {
        case (true, true): red
        case (false, true): green
        case (true, false): blue
        case (false, false): white
        }
    }

    /// 16×16 with a different colour in every 4×4 cell, so any flip or turn changes pixels.
    static let cells: RGBAImage = image(16, 16) { x, y in
        let cell = (y / 4) * 4 + x / 4
        return RGBA(red: UInt8(cell * 16), green: UInt8(255 - cell * 12), blue: UInt8((cell * 97) % 256))
    }

    /// 16×16 plant-like: opaque in columns 4…11 (a left-right symmetric shape), transparent
    /// elsewhere; the opaque part is red on the left half and blue on the right.
    static let plant: RGBAImage = image(16, 16) { x, _ in
        guard (4...11).contains(x) else { return .clear }
        return x < 8 ? red : blue
    }

    /// 16×16 mid grey, for tint tests.
    static let grey: RGBAImage = image(16, 16) { _, _ in RGBA(red: 200, green: 200, blue: 200) }

    static func image(_ width: Int, _ height: Int, _ colour: (Int, Int) -> RGBA) -> RGBAImage {
        var bytes: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width {
                let pixel = colour(x, y)
                bytes += [pixel.red, pixel.green, pixel.blue, pixel.alpha]
            }
        }
        // Sizes here are small and positive, so this cannot throw.
        return (try? RGBAImage(width: width, height: height, pixels: bytes)) ?? PlaceholderImage.texture
    }
}

/// Fixed stand-ins for when a texture or a geometry cannot be read, so callers always have
/// something to show.
public enum PlaceholderImage {
    /// A 128×128 preview stand-in: a magenta and black checker of 16-pixel squares with a white
    /// question mark in the middle.
    public static let image: RGBAImage = {
        let size = Camera.imageSize
        var image = RGBAImage(unchecked: size, size)
        for y in 0..<size {
            for x in 0..<size {
                image.setPixel(x: x, y: y, to: (x / 16 + y / 16) % 2 == 0 ? magenta : black)
            }
        }
        let glyph = [
            ".#####.", "##...##", "##...##", ".....##", "....##.",
            "...##..", "...##..", ".......", "...##..", "...##..",
        ]
        let scale = 8
        let left = (size - 7 * scale) / 2, top = (size - glyph.count * scale) / 2
        for (row, line) in glyph.enumerated() {
            for (column, mark) in line.enumerated() where mark == "#" {
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        image.setPixel(x: left + column * scale + dx, y: top + row * scale + dy, to: white)
                    }
                }
            }
        }
        return image
    }()

    /// A 16×16 missing-texture stand-in (Minecraft's look): magenta and black 8×8 quarters,
    /// magenta at the top left.
    public static let texture: RGBAImage = {
        var image = RGBAImage(unchecked: 16, 16)
        for y in 0..<16 {
            for x in 0..<16 { image.setPixel(x: x, y: y, to: (x / 8 + y / 8) % 2 == 0 ? magenta : black) }
        }
        return image
    }()

    private static let magenta = RGBA(red: 248, green: 0, blue: 248)
    private static let black = RGBA(red: 0, green: 0, blue: 0)
    private static let white = RGBA(red: 255, green: 255, blue: 255)
}

/// A straight (not premultiplied) 8-bit RGBA image, rows top to bottom, 4 bytes a pixel.
///
/// Straight alpha: a pixel's red, green and blue are its colour whatever its alpha, so a fully
/// transparent pixel may still carry a colour (PNG stores pixels this way too).
public struct RGBAImage: Sendable, Equatable {
    /// Pixels across, 1…``RGBAImage/maxDimension``.
    public let width: Int
    /// Pixels down, 1…``RGBAImage/maxDimension``.
    public let height: Int
    /// `width × height × 4` bytes: red, green, blue, alpha of each pixel, row by row.
    public private(set) var pixels: [UInt8]

    /// The largest width or height accepted anywhere in the module (4096).
    public static let maxDimension = 4096

    /// An image from its bytes.
    /// - Throws: ``ImageError`` when a side is outside 1…4096 or `pixels` is not `width × height × 4` long.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImageError) {
        try Self.check(width: width, height: height)
        guard pixels.count == width * height * 4 else {
            throw .pixelCountMismatch(expected: width * height * 4, actual: pixels.count)
        }
        self.init(unchecked: width, height, pixels)
    }

    /// An image of one colour.
    /// - Throws: ``ImageError`` when a side is outside 1…4096.
    public init(width: Int, height: Int, filledWith colour: RGBA) throws(ImageError) {
        try Self.check(width: width, height: height)
        self.init(unchecked: width, height, colour)
    }

    /// For sizes the module itself chose (already within limits).
    init(unchecked width: Int, _ height: Int, _ pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// For sizes the module itself chose (already within limits).
    init(unchecked width: Int, _ height: Int, _ colour: RGBA = .clear) {
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        if colour != .clear {
            for index in stride(from: 0, to: bytes.count, by: 4) {
                bytes[index] = colour.red
                bytes[index + 1] = colour.green
                bytes[index + 2] = colour.blue
                bytes[index + 3] = colour.alpha
            }
        }
        self.init(unchecked: width, height, bytes)
    }

    private static func check(width: Int, height: Int) throws(ImageError) {
        guard width > 0, height > 0 else { throw .emptySize(width: width, height: height) }
        guard width <= maxDimension, height <= maxDimension else {
            throw .tooLarge(width: width, height: height, limit: maxDimension)
        }
    }

    /// The pixel at column `x`, row `y`; fully transparent black outside the image.
    public func pixel(x: Int, y: Int) -> RGBA {
        guard x >= 0, y >= 0, x < width, y < height else { return .clear }
        let index = (y * width + x) * 4
        return RGBA(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2], alpha: pixels[index + 3])
    }

    /// Sets the pixel at column `x`, row `y`; does nothing outside the image.
    public mutating func setPixel(x: Int, y: Int, to colour: RGBA) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 4
        pixels[index] = colour.red
        pixels[index + 1] = colour.green
        pixels[index + 2] = colour.blue
        pixels[index + 3] = colour.alpha
    }

    /// The first frame of a vertical animation strip (Java's `.mcmeta` animations and Bedrock
    /// flipbooks stack square frames downwards): the top `width × width` square when the height
    /// is a larger multiple of the width; otherwise the image itself.
    public var firstFrame: RGBAImage {
        guard height > width, height % width == 0 else { return self }
        return RGBAImage(unchecked: width, width, Array(pixels[0..<(width * width * 4)]))
    }
}

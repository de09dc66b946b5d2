import Foundation
import Previews
import ZIPFoundation

/// What the engine needs to know about a PNG, and the two edits it makes: cropping an animation
/// strip to its first frame (for item icons) and drawing a plain pack icon.
public struct PNGImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let bitDepth: Int
    public let colorType: Int
    public let interlaced: Bool

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Why bytes are not a usable PNG.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Reads the header of `data`.
    /// - Throws: ``FormatError`` when the signature or the `IHDR` chunk is wrong.
    public init(_ data: Data) throws(FormatError) {
        let bytes = [UInt8](data.prefix(33))
        guard bytes.count == 33, Array(bytes[0..<8]) == Self.signature else {
            throw FormatError(description: "not a PNG (bad signature)")
        }
        guard Array(bytes[12..<16]) == Array("IHDR".utf8), Self.be32(bytes, 8) == 13 else {
            throw FormatError(description: "PNG without an IHDR header chunk")
        }
        width = Int(Self.be32(bytes, 16))
        height = Int(Self.be32(bytes, 20))
        bitDepth = Int(bytes[24])
        colorType = Int(bytes[25])
        interlaced = bytes[28] != 0
        guard width > 0, height > 0, width <= 16_384, height <= 65_536 else {
            throw FormatError(description: "PNG size \(width)×\(height) is out of range")
        }
    }

    /// How the image uses transparency: without an alpha channel or `tRNS` it is opaque; otherwise
    /// its pixels are read (8-bit, non-interlaced; others count as cut out).
    func alpha(_ data: Data?) -> TextureAtlas.Alpha {
        guard let data else { return .opaque }
        let hasTransparencyChunk = data.range(of: Data("tRNS".utf8)) != nil
        guard colorType == 4 || colorType == 6 || hasTransparencyChunk else { return .opaque }
        guard bitDepth == 8, !interlaced, colorType == 4 || colorType == 6, let pixels = PNGImage.pixels(data, image: self) else { return .cutout }
        let channels = colorType == 6 ? 4 : 2
        var partial = false
        var transparent = false
        var index = channels - 1
        while index < pixels.count {
            let value = pixels[index]
            if value == 0 { transparent = true } else if value < 250 { partial = true }
            index += channels
        }
        if partial { return .translucent }
        return transparent ? .cutout : .opaque
    }

    /// The unfiltered pixel bytes of an 8-bit non-interlaced image (`nil` when unreadable).
    static func pixels(_ data: Data, image: PNGImage) -> [UInt8]? {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][image.colorType] ?? 0
        guard channels > 0, image.bitDepth == 8, !image.interlaced, image.width * image.height <= 4096 * 4096 else { return nil }
        let bytes = [UInt8](data)
        var idat = Data()
        var cursor = 8
        while cursor + 12 <= bytes.count {
            let length = Int(be32(bytes, cursor))
            guard cursor + 12 + length <= bytes.count else { return nil }
            if bytes[(cursor + 4)..<(cursor + 8)].elementsEqual("IDAT".utf8) { idat.append(contentsOf: bytes[(cursor + 8)..<(cursor + 8 + length)]) }
            cursor += 12 + length
        }
        let stride = image.width * channels
        guard idat.count > 6, let raw = try? Deflate.inflate(idat.dropFirst(2), limit: (stride + 1) * image.height + 1),
              raw.count >= (stride + 1) * image.height else { return nil }
        let input = [UInt8](raw)
        var output = [UInt8](repeating: 0, count: stride * image.height)
        for row in 0..<image.height {
            let filter = input[row * (stride + 1)]
            let source = row * (stride + 1) + 1
            let target = row * stride
            for column in 0..<stride {
                let x = input[source + column]
                let a = column >= channels ? Int(output[target + column - channels]) : 0
                let b = row > 0 ? Int(output[target - stride + column]) : 0
                let c = row > 0 && column >= channels ? Int(output[target - stride + column - channels]) : 0
                let predicted: Int
                switch filter {
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: predicted = 0
                }
                output[target + column] = UInt8(truncatingIfNeeded: Int(x) + predicted)
            }
        }
        return output
    }

    static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// The top `rows` rows of a non-interlaced PNG, as a new PNG (the first frame of a vertical
    /// animation strip). Filtered scanlines only look upward, so the first rows decode on their own.
    /// - Returns: `nil` when the image is interlaced or its data cannot be read.
    public static func cropTop(_ data: Data, rows: Int) -> Data? {
        guard let image = try? PNGImage(data), !image.interlaced, rows > 0, rows <= image.height else { return nil }
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][image.colorType] ?? 0
        guard channels > 0 else { return nil }
        let stride = (image.width * channels * image.bitDepth + 7) / 8 + 1
        var idat = Data()
        var ancillary: [(String, Data)] = []
        var cursor = 8
        let bytes = [UInt8](data)
        while cursor + 12 <= bytes.count {
            let length = Int(be32(bytes, cursor))
            let type = String(decoding: bytes[(cursor + 4)..<(cursor + 8)], as: UTF8.self)
            guard cursor + 12 + length <= bytes.count else { return nil }
            let body = Data(bytes[(cursor + 8)..<(cursor + 8 + length)])
            if type == "IDAT" { idat.append(body) } else if type == "PLTE" || type == "tRNS" { ancillary.append((type, body)) }
            if type == "IEND" { break }
            cursor += 12 + length
        }
        guard idat.count > 6, let raw = try? Deflate.inflate(idat.dropFirst(2), limit: stride * image.height + 1),
              raw.count >= stride * rows else { return nil }
        var header = Data()
        header.append(be32: UInt32(image.width))
        header.append(be32: UInt32(rows))
        header.append(contentsOf: [UInt8(image.bitDepth), UInt8(image.colorType), 0, 0, 0])
        return encode(header: header, ancillary: ancillary, scanlines: raw.prefix(stride * rows))
    }

    /// The `width`×`height` rectangle at the top left of an 8-bit non-interlaced PNG, as a new PNG of
    /// the same colour type (the plain tile of a connected-texture sheet). `nil` when unreadable.
    public static func cropTopLeft(_ data: Data, width: Int, height: Int) -> Data? {
        guard let image = try? PNGImage(data), width > 0, height > 0, width <= image.width, height <= image.height,
              let pixels = pixels(data, image: image) else { return nil }
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][image.colorType] ?? 1
        var ancillary: [(String, Data)] = []
        var cursor = 8
        let bytes = [UInt8](data)
        while cursor + 12 <= bytes.count {
            let length = Int(be32(bytes, cursor))
            guard cursor + 12 + length <= bytes.count else { return nil }
            let type = String(decoding: bytes[(cursor + 4)..<(cursor + 8)], as: UTF8.self)
            if type == "PLTE" || type == "tRNS" { ancillary.append((type, Data(bytes[(cursor + 8)..<(cursor + 8 + length)]))) }
            cursor += 12 + length
        }
        var scanlines = Data(capacity: (width * channels + 1) * height)
        for row in 0..<height {
            scanlines.append(0)
            let start = row * image.width * channels
            scanlines.append(contentsOf: pixels[start..<(start + width * channels)])
        }
        var header = Data()
        header.append(be32: UInt32(width))
        header.append(be32: UInt32(height))
        header.append(contentsOf: [8, UInt8(image.colorType), 0, 0, 0])
        return encode(header: header, ancillary: ancillary, scanlines: scanlines)
    }

    /// A `size`×`size` PNG of one RGB colour (the pack icon when the mod ships none).
    public static func solid(size: Int, red: UInt8, green: UInt8, blue: UInt8) -> Data {
        solid(width: size, height: size, red: red, green: green, blue: blue)
    }

    /// A `width`×`height` PNG of one RGB colour.
    public static func solid(width: Int, height: Int, red: UInt8, green: UInt8, blue: UInt8) -> Data {
        var header = Data()
        header.append(be32: UInt32(width))
        header.append(be32: UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])
        var scanlines = Data()
        for _ in 0..<height {
            scanlines.append(0)
            for _ in 0..<width { scanlines.append(contentsOf: [red, green, blue]) }
        }
        return encode(header: header, ancillary: [], scanlines: scanlines)
    }

    /// A `width`×`height` 8-bit RGB PNG of `pixels` (3 bytes per pixel, rows top to bottom).
    public static func rgb(width: Int, height: Int, pixels: Data) -> Data {
        var header = Data()
        header.append(be32: UInt32(width))
        header.append(be32: UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])
        var scanlines = Data(capacity: (width * 3 + 1) * height)
        for row in 0..<height {
            scanlines.append(0)
            scanlines.append(pixels.subdata(in: (pixels.startIndex + row * width * 3)..<(pixels.startIndex + (row + 1) * width * 3)))
        }
        return encode(header: header, ancillary: [], scanlines: scanlines)
    }

    private static func encode(header: Data, ancillary: [(String, Data)], scanlines: Data) -> Data {
        var png = Data(signature)
        func chunk(_ type: String, _ body: Data) {
            png.append(be32: UInt32(body.count))
            var typed = Data(type.utf8)
            typed.append(body)
            png.append(typed)
            png.append(be32: typed.crc32(checksum: 0))
        }
        chunk("IHDR", header)
        for (type, body) in ancillary { chunk(type, body) }
        var zlib = Data([0x78, 0x9C])
        zlib.append(Deflate.raw(scanlines) ?? Data())
        zlib.append(be32: adler32(scanlines))
        chunk("IDAT", zlib)
        chunk("IEND", Data())
        return png
    }

    private static func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}

import Foundation
import Previews
import Testing

@Suite("PNG decoding and encoding")
struct PNGTests {
    static let varied = Textures.image(37, 23) { x, y in
        RGBA(red: UInt8((x * 7 + y * 3) % 256), green: UInt8((x * y) % 256), blue: UInt8((255 - x * 5) & 0xFF), alpha: UInt8((x + y * 11) % 256))
    }

    @Test func encodeThenDecodeGivesTheSamePixels() throws {
        #expect(try PNG.decode(PNG.encode(Self.varied)) == Self.varied)
        #expect(try PNG.decode(PNG.encode(Textures.quadrants)) == Textures.quadrants)
    }

    @Test func encodingIsDeterministic() {
        #expect(PNG.encode(Self.varied) == PNG.encode(Self.varied))
    }

    @Test func truncatedFilesAreRefusedSayingWhere() throws {
        let whole = PNG.encode(Self.varied)
        #expect(throws: PNGError.truncated("no IEND chunk (the file ends at byte \(whole.count - 12))")) {
            try PNG.decode(whole.prefix(whole.count - 12))
        }
        #expect {
            try PNG.decode(whole.prefix(60))
        } throws: { error in
            guard case let .truncated(part) = error as? PNGError else { return false }
            return part.hasPrefix("IDAT chunk needs")
        }
        #expect(throws: PNGError.truncated("inside the signature")) { try PNG.decode(whole.prefix(4)) }
    }

    @Test func otherFilesAreNotPNGs() {
        #expect(throws: PNGError.notPNG) { try PNG.decode(Data("GIF89a, not a PNG at all".utf8)) }
        #expect(throws: PNGError.notPNG) { try PNG.decode(Data()) }
    }

    @Test func damagedChecksumsAreCaught() {
        var bytes = [UInt8](PNG.encode(Self.varied))
        bytes[50] ^= 0xFF  // inside the IDAT body
        #expect {
            try PNG.decode(Data(bytes))
        } throws: { error in
            guard case let .checksumMismatch(part) = error as? PNGError else { return false }
            return part.contains("IDAT")
        }
    }

    @Test func palettedImagesWithTransparencyDecode() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let png = PNGFixture.make(width: 3, height: 2, bitDepth: 8, colourType: 3, rows: [[0, 1, 2], [2, 1, 0]],
                                  palette: palette, transparency: [255, 0])
        let image = try PNG.decode(png)
        #expect(image.pixel(x: 0, y: 0) == Textures.red)
        #expect(image.pixel(x: 1, y: 0) == RGBA(red: 0, green: 255, blue: 0, alpha: 0))
        #expect(image.pixel(x: 2, y: 0) == Textures.blue)
        #expect(image.pixel(x: 0, y: 1) == Textures.blue)
    }

    @Test func lowBitDepthPalettesDecode() throws {
        // 2-bit indices 0, 1, 2, 3, 1 packed into two bytes.
        let palette: [UInt8] = [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]
        let png = PNGFixture.make(width: 5, height: 1, bitDepth: 2, colourType: 3, rows: [[0b0001_1011, 0b0100_0000]], palette: palette)
        let image = try PNG.decode(png)
        #expect((0..<5).map { image.pixel(x: $0, y: 0).red } == [0, 255, 0, 0, 255])
        #expect(image.pixel(x: 3, y: 0) == Textures.blue)
    }

    @Test func greyImagesDecode() throws {
        let grey = try PNG.decode(PNGFixture.make(width: 2, height: 1, bitDepth: 8, colourType: 0, rows: [[0, 200]], transparency: [0, 0]))
        #expect(grey.pixel(x: 0, y: 0) == .clear)
        #expect(grey.pixel(x: 1, y: 0) == RGBA(red: 200, green: 200, blue: 200))
        let greyAlpha = try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 8, colourType: 4, rows: [[90, 40]], bytesPerPixel: 2))
        #expect(greyAlpha.pixel(x: 0, y: 0) == RGBA(red: 90, green: 90, blue: 90, alpha: 40))
        let oneBit = try PNG.decode(PNGFixture.make(width: 3, height: 1, bitDepth: 1, colourType: 0, rows: [[0b1010_0000]]))
        #expect((0..<3).map { oneBit.pixel(x: $0, y: 0).red } == [255, 0, 255])
    }

    @Test func rgbAndSixteenBitImagesDecode() throws {
        let rgb = try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 8, colourType: 2, rows: [[10, 20, 30]], bytesPerPixel: 3))
        #expect(rgb.pixel(x: 0, y: 0) == RGBA(red: 10, green: 20, blue: 30))
        let deep = try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 16, colourType: 6,
                                                  rows: [[0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xFF, 0xFF]], bytesPerPixel: 8))
        #expect(deep.pixel(x: 0, y: 0) == RGBA(red: 0x12, green: 0x56, blue: 0x9A, alpha: 0xFF))
    }

    @Test func allFiveFiltersDecode() throws {
        let rows: [[UInt8]] = (0..<10).map { row in (0..<24).map { UInt8(truncatingIfNeeded: $0 * 37 + row * 101) } }
        let png = PNGFixture.make(width: 6, height: 10, bitDepth: 8, colourType: 6, rows: rows, filters: [0, 1, 2, 3, 4], bytesPerPixel: 4)
        let image = try PNG.decode(png)
        #expect(image.pixels == rows.flatMap { $0 })
    }

    @Test func unsupportedAndOversizedImagesAreRefused() {
        #expect(throws: PNGError.unsupported("interlaced (Adam7) images")) {
            try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 8, colourType: 0, rows: [[0]], interlace: 1))
        }
        #expect(throws: PNGError.tooLarge(width: 5000, height: 1, limit: 4096)) {
            try PNG.decode(PNGFixture.make(width: 5000, height: 1, bitDepth: 8, colourType: 0, rows: [[0]]))
        }
        #expect(throws: PNGError.invalidHeader("bit depth 16 is not allowed with colour type 3")) {
            try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 16, colourType: 3, rows: [[0, 0]], palette: [0, 0, 0]))
        }
        #expect(throws: PNGError.corruptImageData("scanline 0 has filter type 7; only 0…4 exist")) {
            try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 8, colourType: 0, rows: [[0]], filters: [7]))
        }
        #expect(throws: PNGError.corruptImageData("pixel (0, 0) uses palette entry 3 of 1")) {
            try PNG.decode(PNGFixture.make(width: 1, height: 1, bitDepth: 8, colourType: 3, rows: [[3]], palette: [0, 0, 0]))
        }
        #expect(throws: PNGError.truncated("the image data holds 3 of 6 scanline bytes")) {
            try PNG.decode(PNGFixture.make(width: 2, height: 2, bitDepth: 8, colourType: 0, rows: [[1, 2]]))
        }
    }

    @Test func imagesRefuseBadSizes() {
        #expect(throws: ImageError.tooLarge(width: 4097, height: 1, limit: 4096)) { try RGBAImage(width: 4097, height: 1, filledWith: .clear) }
        #expect(throws: ImageError.pixelCountMismatch(expected: 4, actual: 3)) { try RGBAImage(width: 1, height: 1, pixels: [0, 0, 0]) }
    }
}

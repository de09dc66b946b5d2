/// The `IHDR` facts the decoder needs, checked against the PNG specification's table of valid
/// colour type and bit depth pairs.
struct PNGHeader: Equatable {
    let width: Int
    let height: Int
    let bitDepth: Int
    /// 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.
    let colourType: Int

    /// Samples a pixel: 1, 3, 1, 2 or 4.
    var channels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colourType] ?? 1 }
    /// Bits a pixel.
    var bitsPerPixel: Int { channels * bitDepth }
    /// Bytes of one unfiltered scanline (without its filter byte).
    var rowBytes: Int { (width * bitsPerPixel + 7) / 8 }
    /// The distance the Sub, Average and Paeth filters look back: whole bytes a pixel, at least 1.
    var filterStride: Int { max(1, bitsPerPixel / 8) }

    /// Reads and checks the 13 bytes of an `IHDR` chunk.
    init(_ body: ArraySlice<UInt8>) throws(PNGError) {
        guard body.count == 13 else { throw .invalidHeader("IHDR chunk is \(body.count) bytes, not 13") }
        let bytes = Array(body)
        width = Int(PNG.bigEndian32(bytes, 0))
        height = Int(PNG.bigEndian32(bytes, 4))
        bitDepth = Int(bytes[8])
        colourType = Int(bytes[9])
        guard width > 0, height > 0 else { throw .invalidHeader("image size \(width)×\(height) has an empty side") }
        guard width <= RGBAImage.maxDimension, height <= RGBAImage.maxDimension else {
            throw .tooLarge(width: width, height: height, limit: RGBAImage.maxDimension)
        }
        let allowed: [Int: Set<Int>] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[colourType] else { throw .invalidHeader("colour type \(colourType) does not exist") }
        guard depths.contains(bitDepth) else {
            throw .invalidHeader("bit depth \(bitDepth) is not allowed with colour type \(colourType)")
        }
        guard bytes[10] == 0 else { throw .invalidHeader("compression method \(bytes[10]) does not exist") }
        guard bytes[11] == 0 else { throw .invalidHeader("filter method \(bytes[11]) does not exist") }
        switch bytes[12] {
        case 0: break
        case 1: throw .unsupported("interlaced (Adam7) images")
        default: throw .invalidHeader("interlace method \(bytes[12]) does not exist")
        }
    }
}

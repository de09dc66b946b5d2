import Foundation

/// Reading and writing PNG files without any system image library.
///
/// ``decode(_:)`` reads every non-interlaced PNG: grey, grey + alpha, RGB, RGBA and palette images
/// at every bit depth the specification allows (1, 2, 4, 8 and 16; 16-bit samples keep their high
/// byte), with `tRNS` transparency, all five scanline filters, and checked CRCs and Adler-32.
/// ``encode(_:)`` always writes 8-bit RGBA and is deterministic.
public enum PNG {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes a PNG into straight-alpha RGBA8.
    /// - Throws: ``PNGError``: `.notPNG` for other files, `.truncated` naming the part cut off,
    ///   `.tooLarge` past 4096 pixels a side, `.unsupported` for interlaced images,
    ///   `.checksumMismatch`, `.invalidHeader` and `.corruptImageData` for damaged files.
    public static func decode(_ data: Data) throws(PNGError) -> RGBAImage {
        let chunks = try PNGChunks(bytes: [UInt8](data))
        let header = chunks.header
        let expected = header.height * (header.rowBytes + 1)
        let stream = chunks.imageData
        guard stream.count >= 2 else { throw .truncated("image data has \(stream.count) bytes, shorter than a zlib header") }
        let cmf = stream[0]
        let flags = stream[1]
        guard cmf & 0x0F == 8, cmf >> 4 <= 7, (UInt16(cmf) << 8 | UInt16(flags)) % 31 == 0 else {
            throw .corruptImageData("the image data does not start with a zlib deflate header")
        }
        guard flags & 0x20 == 0 else { throw .corruptImageData("the zlib stream asks for a preset dictionary") }
        let scanlines: [UInt8]
        do {
            scanlines = try Deflate.decompress(stream[2...], limit: expected)
        } catch .truncated {
            throw .truncated("the compressed image data ends before its last scanline")
        } catch .tooLong {
            throw .corruptImageData("the image data inflates to more than the \(expected) bytes a \(header.width)×\(header.height) image needs")
        } catch {
            throw .corruptImageData("the image data is not a valid deflate stream")
        }
        guard scanlines.count == expected else {
            throw .truncated("the image data holds \(scanlines.count) of \(expected) scanline bytes")
        }
        guard stream.count >= 6 else { throw .truncated("the zlib stream has no Adler-32 checksum") }
        guard bigEndian32(Array(stream.suffix(4)), 0) == Checksums.adler32(scanlines) else {
            throw .checksumMismatch("zlib Adler-32 of the image data")
        }
        let rows = try PNGPixels.unfilter(scanlines, header: header)
        return try PNGPixels.rgba(rows, header: header, palette: chunks.palette, transparency: chunks.transparency)
    }

    /// Encodes `image` as an 8-bit RGBA PNG with only the `IHDR`, `IDAT` and `IEND` chunks. Each
    /// scanline's filter is chosen by the usual smallest-sum-of-absolute-values rule, so the same
    /// pixels always give the same bytes (with the same zlib build).
    public static func encode(_ image: RGBAImage) -> Data {
        var header = [UInt8]()
        appendBigEndian32(&header, UInt32(image.width))
        appendBigEndian32(&header, UInt32(image.height))
        header += [8, 6, 0, 0, 0]
        let scanlines = PNGFilters.filter(image)
        var zlib: [UInt8] = [0x78, 0x9C]
        zlib += Deflate.compress(scanlines)
        appendBigEndian32(&zlib, Checksums.adler32(scanlines))
        var png = signature
        appendChunk(&png, "IHDR", header)
        appendChunk(&png, "IDAT", zlib)
        appendChunk(&png, "IEND", [])
        return Data(png)
    }

    private static func appendChunk(_ png: inout [UInt8], _ type: String, _ body: [UInt8]) {
        appendBigEndian32(&png, UInt32(body.count))
        let typed = Array(type.utf8) + body
        png += typed
        appendBigEndian32(&png, Checksums.crc32(typed))
    }

    static func appendBigEndian32(_ bytes: inout [UInt8], _ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The big-endian 32-bit number at `offset` (the caller checked there are 4 bytes).
    static func bigEndian32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}

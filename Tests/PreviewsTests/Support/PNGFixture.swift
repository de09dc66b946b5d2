import Foundation

/// Hand-made PNG files for decoder tests, written independently of the module's encoder: the
/// zlib stream uses stored (uncompressed) deflate blocks, and the filters are applied here.
enum PNGFixture {
    /// A PNG with the given header fields and already-packed, unfiltered scanlines (one per row),
    /// each row filtered with `filters[row % filters.count]`.
    static func make(
        width: Int, height: Int, bitDepth: UInt8, colourType: UInt8, rows: [[UInt8]], filters: [UInt8] = [0],
        bytesPerPixel: Int = 1, palette: [UInt8]? = nil, transparency: [UInt8]? = nil, interlace: UInt8 = 0
    ) -> Data {
        var raw: [UInt8] = []
        for (index, row) in rows.enumerated() {
            let filter = filters[index % filters.count]
            raw.append(filter)
            raw += apply(filter, row, previous: index > 0 ? rows[index - 1] : nil, bytesPerPixel: bytesPerPixel)
        }
        var header = be32(UInt32(width)) + be32(UInt32(height))
        header += [bitDepth, colourType, 0, 0, interlace]
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += chunk("IHDR", header)
        if let palette { file += chunk("PLTE", palette) }
        if let transparency { file += chunk("tRNS", transparency) }
        file += chunk("IDAT", zlibStored(raw))
        file += chunk("IEND", [])
        return Data(file)
    }

    static func apply(_ filter: UInt8, _ row: [UInt8], previous: [UInt8]?, bytesPerPixel: Int) -> [UInt8] {
        row.indices.map { index in
            let left = index >= bytesPerPixel ? Int(row[index - bytesPerPixel]) : 0
            let up = previous.map { Int($0[index]) } ?? 0
            let upLeft = index >= bytesPerPixel ? previous.map { Int($0[index - bytesPerPixel]) } ?? 0 : 0
            let prediction: Int
            switch filter {
            case 1: prediction = left
            case 2: prediction = up
            case 3: prediction = (left + up) / 2
            case 4:
                let estimate = left + up - upLeft
                let (a, b, c) = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
                prediction = a <= b && a <= c ? left : b <= c ? up : upLeft
            default: prediction = 0
            }
            return UInt8(truncatingIfNeeded: Int(row[index]) - prediction)
        }
    }

    static func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let final: UInt8 = offset + count == bytes.count ? 1 : 0
            out += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += bytes[offset..<(offset + count)]
            offset += count
        } while offset < bytes.count
        var (a, b): (UInt32, UInt32) = (1, 0)
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return out + be32(b << 16 | a)
    }

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + body
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in typed {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return be32(UInt32(body.count)) + typed + be32(crc ^ 0xFFFF_FFFF)
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}

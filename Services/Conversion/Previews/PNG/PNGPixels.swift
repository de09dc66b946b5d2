/// Undoing scanline filters and expanding samples of any colour type and depth to RGBA8.
enum PNGPixels {
    /// The unfiltered scanlines, `height × rowBytes` bytes without filter bytes.
    /// - Throws: ``PNGError/corruptImageData(_:)`` for a filter type other than 0…4.
    static func unfilter(_ scanlines: [UInt8], header: PNGHeader) throws(PNGError) -> [UInt8] {
        let rowBytes = header.rowBytes
        let back = header.filterStride
        var rows = [UInt8](repeating: 0, count: header.height * rowBytes)
        for row in 0..<header.height {
            let source = row * (rowBytes + 1)
            let filter = scanlines[source]
            let start = row * rowBytes
            for index in 0..<rowBytes {
                let raw = scanlines[source + 1 + index]
                let left = index >= back ? rows[start + index - back] : 0
                let up = row > 0 ? rows[start - rowBytes + index] : 0
                let upLeft = row > 0 && index >= back ? rows[start - rowBytes + index - back] : 0
                let predicted: UInt8
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = UInt8((Int(left) + Int(up)) / 2)
                case 4: predicted = PNGFilters.paeth(left, up, upLeft)
                default: throw .corruptImageData("scanline \(row) has filter type \(filter); only 0…4 exist")
                }
                rows[start + index] = raw &+ predicted
            }
        }
        return rows
    }

    /// Expands unfiltered rows to straight-alpha RGBA8. Samples below 8 bits are scaled up to
    /// 0…255, 16-bit samples keep their high byte, and `tRNS` makes its colour (or palette
    /// entries) transparent.
    static func rgba(_ rows: [UInt8], header: PNGHeader, palette: [RGBA]?, transparency: [UInt8]?) throws(PNGError) -> RGBAImage {
        let depth = header.bitDepth
        let rowBytes = header.rowBytes
        let maxSample = (1 << depth) - 1
        /// Sample `index` (0-based across the row) of `row`, at the image's bit depth.
        func sample(_ row: Int, _ index: Int) -> Int {
            let base = row * rowBytes
            switch depth {
            case 16: return Int(rows[base + index * 2]) << 8 | Int(rows[base + index * 2 + 1])
            case 8: return Int(rows[base + index])
            default:
                let bit = index * depth
                let byte = Int(rows[base + bit / 8])
                return (byte >> (8 - depth - bit % 8)) & maxSample
            }
        }
        func eight(_ value: Int) -> UInt8 {
            depth == 16 ? UInt8(value >> 8) : UInt8(value * 255 / maxSample)
        }
        let transparent = transparency.map { bytes in
            stride(from: 0, to: bytes.count - 1, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
        }
        var out = [UInt8](repeating: 0, count: header.width * header.height * 4)
        for y in 0..<header.height {
            for x in 0..<header.width {
                let pixel: RGBA
                switch header.colourType {
                case 0:
                    let grey = sample(y, x)
                    let alpha: UInt8 = transparent?.first == grey ? 0 : 255
                    pixel = RGBA(red: eight(grey), green: eight(grey), blue: eight(grey), alpha: alpha)
                case 2:
                    let rgb = [sample(y, x * 3), sample(y, x * 3 + 1), sample(y, x * 3 + 2)]
                    let alpha: UInt8 = transparent.map { $0.count == 3 && $0 == rgb } == true ? 0 : 255
                    pixel = RGBA(red: eight(rgb[0]), green: eight(rgb[1]), blue: eight(rgb[2]), alpha: alpha)
                case 3:
                    let index = sample(y, x)
                    guard let palette, index < palette.count else {
                        throw .corruptImageData("pixel (\(x), \(y)) uses palette entry \(index) of \(palette?.count ?? 0)")
                    }
                    var entry = palette[index]
                    if let transparency, index < transparency.count { entry.alpha = transparency[index] }
                    pixel = entry
                case 4:
                    let grey = eight(sample(y, x * 2))
                    pixel = RGBA(red: grey, green: grey, blue: grey, alpha: eight(sample(y, x * 2 + 1)))
                default:
                    pixel = RGBA(red: eight(sample(y, x * 4)), green: eight(sample(y, x * 4 + 1)),
                                 blue: eight(sample(y, x * 4 + 2)), alpha: eight(sample(y, x * 4 + 3)))
                }
                let index = (y * header.width + x) * 4
                out[index] = pixel.red
                out[index + 1] = pixel.green
                out[index + 2] = pixel.blue
                out[index + 3] = pixel.alpha
            }
        }
        return RGBAImage(unchecked: header.width, header.height, out)
    }
}

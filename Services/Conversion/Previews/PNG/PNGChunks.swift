/// The chunks of a PNG file that matter for its pixels, read and checked in order.
struct PNGChunks {
    let header: PNGHeader
    /// `PLTE` entries as opaque colours (alpha comes from `tRNS`).
    let palette: [RGBA]?
    /// The raw `tRNS` body: alpha per palette entry, or the transparent grey / RGB sample.
    let transparency: [UInt8]?
    /// All `IDAT` bodies joined: one zlib stream.
    let imageData: [UInt8]

    /// Walks the chunks from the signature to `IEND`, checking every CRC.
    init(bytes: [UInt8]) throws(PNGError) {
        guard bytes.count >= 8 else {
            throw !bytes.isEmpty && bytes == Array(PNG.signature.prefix(bytes.count)) ? .truncated("inside the signature") : .notPNG
        }
        guard Array(bytes[0..<8]) == PNG.signature else { throw .notPNG }
        var header: PNGHeader?
        var palette: [RGBA]?
        var transparency: [UInt8]?
        var imageData = [UInt8]()
        var cursor = 8
        var ended = false
        while !ended {
            guard cursor + 8 <= bytes.count else {
                throw .truncated(header == nil ? "no IHDR chunk" : "no IEND chunk (the file ends at byte \(bytes.count))")
            }
            let length = Int(PNG.bigEndian32(bytes, cursor))
            let typeBytes = bytes[(cursor + 4)..<(cursor + 8)]
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard length <= Int(Int32.max) else { throw .invalidHeader("chunk \(type) claims \(length) bytes") }
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw .invalidHeader("chunk type at byte \(cursor + 4) is not four letters")
            }
            let end = cursor + 12 + length
            guard end <= bytes.count else {
                throw .truncated("\(type) chunk needs \(length + 4) bytes after its header, \(bytes.count - cursor - 8) remain")
            }
            let body = bytes[(cursor + 8)..<(cursor + 8 + length)]
            guard PNG.bigEndian32(bytes, end - 4) == Checksums.crc32(bytes[(cursor + 4)..<(end - 4)]) else {
                throw .checksumMismatch("CRC of the \(type) chunk at byte \(cursor)")
            }
            if header == nil, type != "IHDR" { throw .invalidHeader("the first chunk is \(type), not IHDR") }
            switch type {
            case "IHDR":
                guard header == nil else { throw .invalidHeader("a second IHDR chunk") }
                header = try PNGHeader(body)
            case "PLTE":
                guard body.count % 3 == 0, (3...768).contains(body.count) else {
                    throw .invalidHeader("PLTE chunk of \(body.count) bytes is not 1…256 RGB entries")
                }
                palette = stride(from: body.startIndex, to: body.endIndex, by: 3).map {
                    RGBA(red: bytes[$0], green: bytes[$0 + 1], blue: bytes[$0 + 2])
                }
            case "tRNS":
                transparency = Array(body)
            case "IDAT":
                imageData += body
            case "IEND":
                ended = true
            default:
                // Bit 5 of the first letter set (lower case) marks an ancillary chunk, safe to skip.
                guard typeBytes[typeBytes.startIndex] & 0x20 != 0 else { throw .unsupported("critical chunk \(type)") }
            }
            cursor = end
        }
        guard let header else { throw .truncated("no IHDR chunk") }
        if header.colourType == 3, palette == nil { throw .invalidHeader("palette image without a PLTE chunk") }
        guard !imageData.isEmpty else { throw .truncated("no IDAT chunk before IEND") }
        self.header = header
        self.palette = palette
        self.transparency = transparency
        self.imageData = imageData
    }
}

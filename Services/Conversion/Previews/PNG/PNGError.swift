/// Why bytes could not be decoded as a PNG this module reads.
public enum PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 8-byte PNG signature is missing.
    case notPNG
    /// The file ends inside the named part (a chunk, the image data).
    case truncated(String)
    /// A CRC-32 (of the named chunk) or the zlib Adler-32 does not match.
    case checksumMismatch(String)
    /// The `IHDR` header or a chunk's layout is wrong.
    case invalidHeader(String)
    /// A valid PNG feature this decoder refuses (interlacing).
    case unsupported(String)
    /// Wider or taller than ``RGBAImage/maxDimension``.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The compressed image data, a filter byte or a palette index is wrong.
    case corruptImageData(String)

    /// A sentence saying what is wrong and where.
    public var description: String {
        switch self {
        case .notPNG: "not a PNG (bad signature)"
        case let .truncated(part): "PNG is truncated: \(part)"
        case let .checksumMismatch(part): "PNG checksum mismatch: \(part)"
        case let .invalidHeader(reason): "invalid PNG: \(reason)"
        case let .unsupported(feature): "unsupported PNG: \(feature)"
        case let .tooLarge(width, height, limit): "PNG size \(width)×\(height) is larger than \(limit)×\(limit)"
        case let .corruptImageData(reason): "corrupt PNG image data: \(reason)"
        }
    }
}

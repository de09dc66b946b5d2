/// Why an ``RGBAImage`` cannot be made.
public enum ImageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A side is zero or negative.
    case emptySize(width: Int, height: Int)
    /// A side is larger than ``RGBAImage/maxDimension``.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// The byte count is not `width × height × 4`.
    case pixelCountMismatch(expected: Int, actual: Int)

    /// A sentence naming the numbers involved.
    public var description: String {
        switch self {
        case let .emptySize(width, height): "image size \(width)×\(height) has an empty side"
        case let .tooLarge(width, height, limit): "image size \(width)×\(height) is larger than \(limit)×\(limit)"
        case let .pixelCountMismatch(expected, actual): "image needs \(expected) bytes of pixels, got \(actual)"
        }
    }
}

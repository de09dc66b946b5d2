/// Why a ``JavaModelScene`` was refused.
public enum SceneError: Error, Equatable, Sendable, CustomStringConvertible {
    /// More elements than the renderer draws.
    case tooManyElements(count: Int, limit: Int)
    /// The element at `index` breaks one of Minecraft's model rules.
    case invalidElement(index: Int, reason: String)
    /// A blockstate rotation that is not a multiple of 90°.
    case invalidBlockstateRotation(x: Int, y: Int)

    /// A sentence naming what is wrong.
    public var description: String {
        switch self {
        case let .tooManyElements(count, limit): "model has \(count) elements; at most \(limit) are rendered"
        case let .invalidElement(index, reason): "element \(index): \(reason)"
        case let .invalidBlockstateRotation(x, y): "blockstate rotation x=\(x) y=\(y) is not a multiple of 90"
        }
    }
}

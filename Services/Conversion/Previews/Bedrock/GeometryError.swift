/// Why a `.geo.json` could not be turned into a ``BedrockGeometryScene``. Paths read like
/// `minecraft:geometry[0].bones[2].cubes[1].size`.
public enum GeometryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is longer than the parser accepts.
    case tooLarge(bytes: Int, limit: Int)
    /// The text is not JSON (the parser's own explanation).
    case malformedJSON(String)
    /// Arrays and objects nest deeper than the parser accepts.
    case nestedTooDeeply(limit: Int)
    /// A `format_version` older than 1.12.0 (the legacy layout) or not a version at all.
    case unsupportedFormatVersion(String)
    /// A required member is absent.
    case missing(path: String)
    /// A member has the wrong type or an out-of-range value.
    case invalid(path: String, reason: String)
    /// No geometry in the file has the asked-for identifier.
    case geometryNotFound(identifier: String, available: [String])
    /// More cubes than the renderer draws.
    case tooManyCubes(count: Int, limit: Int)
    /// More bones than the renderer accepts.
    case tooManyBones(count: Int, limit: Int)
    /// Two bones share a name.
    case duplicateBone(String)
    /// A bone's `parent` names no bone.
    case unknownParent(bone: String, parent: String)
    /// Following `parent` from this bone comes back to it.
    case parentCycle(bone: String)

    /// A sentence naming the place and the problem.
    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit): "geometry file is \(bytes) bytes; at most \(limit) are read"
        case let .malformedJSON(reason): "geometry file is not valid JSON: \(reason)"
        case let .nestedTooDeeply(limit): "geometry file nests arrays and objects deeper than \(limit) levels"
        case let .unsupportedFormatVersion(version): "geometry format_version \"\(version)\" is not supported (1.12.0 or later)"
        case let .missing(path): "\(path) is missing"
        case let .invalid(path, reason): "\(path): \(reason)"
        case let .geometryNotFound(identifier, available):
            "no geometry \"\(identifier)\" (the file has: \(available.joined(separator: ", ")))"
        case let .tooManyCubes(count, limit): "geometry has \(count) cubes; at most \(limit) are rendered"
        case let .tooManyBones(count, limit): "geometry has \(count) bones; at most \(limit) are accepted"
        case let .duplicateBone(name): "two bones are named \"\(name)\""
        case let .unknownParent(bone, parent): "bone \"\(bone)\" names parent \"\(parent)\", which does not exist"
        case let .parentCycle(bone): "bone \"\(bone)\" is its own ancestor"
        }
    }
}

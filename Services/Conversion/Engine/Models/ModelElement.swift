/// One cuboid of a Java block model, in Java's 0–16 pixel space.
struct ModelElement: Equatable {
    struct Face: Equatable {
        /// `[u1, v1, u2, v2]`; computed from the element's bounds when the model leaves it out.
        var uv: [Double]?
        /// As the model writes it: a variable (`#side`) or, rarely, a texture id written directly.
        var texture: String
        /// Quarter turns of the face's texture (0, 90, 180, 270).
        var rotation: Int
        /// Java's `tintindex`: the face is coloured by code (grass, foliage, water), `nil` when not.
        var tintIndex: Int?
        var tinted: Bool { tintIndex != nil }
    }

    struct Rotation: Equatable {
        var origin: [Double]
        var axis: String
        var angle: Double
        /// Java's `rescale`: the rotated faces are stretched back to the block's size.
        var rescale = false
    }

    var from: [Double]
    var to: [Double]
    var rotation: Rotation?
    var faces: [(direction: String, face: Face)]

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.rotation == rhs.rotation
            && lhs.faces.map(\.direction) == rhs.faces.map(\.direction) && lhs.faces.map(\.face) == rhs.faces.map(\.face)
    }

    static let directions = ["north", "east", "south", "west", "up", "down"]

    /// Reads an element; `nil` when `from`/`to` are missing or malformed.
    init?(_ value: JSONValue) {
        guard let from = Self.vector(value["from"]), let to = Self.vector(value["to"]) else { return nil }
        self.from = from
        self.to = to
        if let rotation = value["rotation"], let origin = Self.vector(rotation["origin"]),
           let axis = rotation["axis"]?.stringValue, let angle = rotation["angle"]?.numberValue {
            self.rotation = Rotation(origin: origin, axis: axis, angle: angle, rescale: rotation["rescale"] == .bool(true))
        }
        var faces: [(String, Face)] = []
        for member in value["faces"]?.members ?? [] where Self.directions.contains(member.key) {
            guard let texture = member.value["texture"]?.stringValue else { continue }
            let uv = member.value["uv"]?.arrayValue?.compactMap(\.numberValue)
            faces.append((member.key, Face(
                uv: uv?.count == 4 ? uv : nil, texture: texture,
                rotation: Int(member.value["rotation"]?.numberValue ?? 0), tintIndex: member.value["tintindex"]?.numberValue.map { Int($0) })))
        }
        self.faces = faces.sorted { (Self.directions.firstIndex(of: $0.0) ?? 6) < (Self.directions.firstIndex(of: $1.0) ?? 6) }
    }

    init(from: [Double], to: [Double], rotation: Rotation? = nil, faces: [String: String]) {
        self.from = from
        self.to = to
        self.rotation = rotation
        self.faces = Self.directions.compactMap { direction in
            faces[direction].map { texture in
                // A bare name is a variable (`particle` → `#particle`); an id keeps its form.
                let reference = texture.hasPrefix("#") || texture.contains(":") || texture.contains("/") ? texture : "#" + texture
                return (direction, Face(uv: nil, texture: reference, rotation: 0, tintIndex: nil))
            }
        }
    }

    /// The element with every face's texture variable replaced by `rename(variable)`.
    func renamingTextures(_ rename: (String) -> String) -> ModelElement {
        var copy = self
        copy.faces = faces.map { ($0.direction, Face(uv: $0.face.uv, texture: rename($0.face.texture), rotation: $0.face.rotation, tintIndex: $0.face.tintIndex)) }
        return copy
    }

    private static func vector(_ value: JSONValue?) -> [Double]? {
        guard let numbers = value?.arrayValue?.compactMap(\.numberValue), numbers.count == 3 else { return nil }
        return numbers
    }
}

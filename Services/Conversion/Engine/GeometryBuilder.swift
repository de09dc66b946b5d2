import Foundation

/// Java model elements → a Bedrock block geometry (`.geo.json`), following Blockbench's convention:
/// origin `[8 - to.x, from.y, from.z - 8]`, size `to - from`, pivot `[8 - o.x, o.y, o.z - 8]`,
/// rotation `x: -a, y: -a, z: +a`, up/down UVs flipped. Faces name their material instance after
/// the model's texture variable.
enum GeometryBuilder {
    /// The geometry, and what had to change to make it fit Bedrock.
    struct Output {
        var file: JSONValue
        var identifier: String
        /// The material instance names the faces use (texture variables), sorted.
        var instances: [String]
        /// Set when the model was larger than Bedrock's 30×30×30 px and was scaled down.
        var scale: Double?
        /// The box that holds every element, in Bedrock block units: origin and size.
        var bounds: (origin: [Double], size: [Double])
    }

    /// Format versions are pinned here: `1.21.0` only when a face uses `uv_rotation`.
    static let formatVersion = "1.16.0"
    static let formatVersionWithUVRotation = "1.21.0"

    static func build(identifier: String, elements: [ModelElement]) -> Output {
        let scale = fitScale(elements)
        var usesRotation = false
        var instances: Set<String> = []
        var cubes: [JSONValue] = []
        var low = [Double](repeating: .infinity, count: 3)
        var high = [Double](repeating: -.infinity, count: 3)
        for element in elements {
            let from = scaled(element.from, scale)
            let to = scaled(element.to, scale)
            let origin = [8 - to[0], from[1], from[2] - 8]
            let size = (0..<3).map { to[$0] - from[$0] }
            for axis in 0..<3 {
                low[axis] = min(low[axis], origin[axis])
                high[axis] = max(high[axis], origin[axis] + size[axis])
            }
            var members = [JSONMember(key: "origin", value: numbers(origin)), JSONMember(key: "size", value: numbers(size))]
            if let rotation = element.rotation, rotation.angle != 0 {
                let pivot = scaled(rotation.origin, scale)
                members.append(JSONMember(key: "pivot", value: numbers([8 - pivot[0], pivot[1], pivot[2] - 8])))
                let angle = rotation.angle
                let rotated = rotation.axis == "x" ? [-angle, 0, 0] : rotation.axis == "y" ? [0, -angle, 0] : [0, 0, angle]
                members.append(JSONMember(key: "rotation", value: numbers(rotated)))
            }
            var faces: [JSONMember] = []
            for (direction, face) in element.faces {
                let uv = face.uv ?? autoUV(direction, element)
                var width = uv[2] - uv[0]
                var height = uv[3] - uv[1]
                var start = [uv[0], uv[1]]
                if direction == "up" || direction == "down" {
                    start = [uv[2], uv[3]]
                    width = -width
                    height = -height
                }
                var faceMembers = [
                    JSONMember(key: "uv", value: numbers(start)),
                    JSONMember(key: "uv_size", value: numbers([width, height])),
                    JSONMember(key: "material_instance", value: .string(instanceName(face.texture))),
                ]
                if face.rotation % 360 != 0 {
                    usesRotation = true
                    faceMembers.append(JSONMember(key: "uv_rotation", value: .number(Double(((face.rotation % 360) + 360) % 360))))
                }
                instances.insert(instanceName(face.texture))
                faces.append(JSONMember(key: direction, value: .object(faceMembers)))
            }
            members.append(JSONMember(key: "uv", value: .object(faces)))
            cubes.append(.object(members))
        }
        if cubes.isEmpty { low = [-8, 0, -8]; high = [8, 16, 8] }
        let file = JSONValue.object([
            JSONMember(key: "format_version", value: .string(usesRotation ? formatVersionWithUVRotation : formatVersion)),
            JSONMember(key: "minecraft:geometry", value: .array([.object([
                JSONMember(key: "description", value: .object([
                    JSONMember(key: "identifier", value: .string(identifier)),
                    JSONMember(key: "texture_width", value: .number(16)),
                    JSONMember(key: "texture_height", value: .number(16)),
                ])),
                JSONMember(key: "bones", value: .array([.object([
                    JSONMember(key: "name", value: .string("block")),
                    JSONMember(key: "pivot", value: numbers([0, 0, 0])),
                    JSONMember(key: "cubes", value: .array(cubes)),
                ])])),
            ])])),
        ])
        return Output(
            file: file, identifier: identifier, instances: instances.sorted(), scale: scale == 1 ? nil : scale,
            bounds: (low, (0..<3).map { high[$0] - low[$0] }))
    }

    /// A texture variable as a material instance name (`#side` → `side`; a direct id → its name).
    static func instanceName(_ texture: String) -> String {
        let name = texture.split(separator: "/").last.map(String.init) ?? texture
        let cleaned = name.replacingOccurrences(of: ":", with: "_")
        return cleaned.isEmpty ? "*" : cleaned
    }

    /// Java's automatic UVs for a face without `uv`.
    static func autoUV(_ direction: String, _ element: ModelElement) -> [Double] {
        let (x1, y1, z1) = (element.from[0], element.from[1], element.from[2])
        let (x2, y2, z2) = (element.to[0], element.to[1], element.to[2])
        switch direction {
        case "down": return [x1, 16 - z2, x2, 16 - z1]
        case "up": return [x1, z1, x2, z2]
        case "north": return [16 - x2, 16 - y2, 16 - x1, 16 - y1]
        case "south": return [x1, 16 - y2, x2, 16 - y1]
        case "west": return [z1, 16 - y2, z2, 16 - y1]
        default: return [16 - z2, 16 - y2, 16 - z1, 16 - y1]
        }
    }

    /// 1 when every element fits Bedrock's block limits (x, z within −7…23 and y within 0…30 in
    /// Java pixels, 30 px at most per axis); otherwise the factor that shrinks the model about
    /// its centre-bottom so that it fits.
    static func fitScale(_ elements: [ModelElement]) -> Double {
        var factor = 1.0
        for element in elements {
            for axis in 0..<3 {
                for value in [element.from[axis], element.to[axis]] {
                    let (centre, reach) = axis == 1 ? (0.0, 30.0) : (8.0, 15.0)
                    let distance = axis == 1 ? value : abs(value - centre)
                    if axis == 1, value < 0 { factor = 0 }
                    if distance > reach { factor = min(factor, reach / distance) }
                }
            }
        }
        return factor == 0 ? 1 : (factor * 1000).rounded(.down) / 1000
    }

    private static func scaled(_ vector: [Double], _ scale: Double) -> [Double] {
        guard scale != 1 else { return vector }
        return [8 + (vector[0] - 8) * scale, vector[1] * scale, 8 + (vector[2] - 8) * scale]
    }

    private static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map { .number(($0 * 10_000).rounded() / 10_000) })
    }
}

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
        /// The box of each bone's elements (turns applied), by bone name.
        var boneBounds: [String: (origin: [Double], size: [Double])] = [:]

        /// The box holding the bones `names` (all of them when none of `names` has elements).
        func bounds(of names: Set<String>) -> (origin: [Double], size: [Double]) {
            let chosen = boneBounds.filter { names.contains($0.key) }.map(\.value)
            guard !chosen.isEmpty else { return bounds }
            var low = [Double](repeating: .infinity, count: 3)
            var high = [Double](repeating: -.infinity, count: 3)
            for box in chosen {
                for axis in 0..<3 {
                    low[axis] = min(low[axis], box.origin[axis])
                    high[axis] = max(high[axis], box.origin[axis] + box.size[axis])
                }
            }
            return (low, (0..<3).map { high[$0] - low[$0] })
        }
    }

    /// Format versions are pinned here: `1.21.0` only when a face uses `uv_rotation`.
    static let formatVersion = "1.16.0"
    static let formatVersionWithUVRotation = "1.21.0"

    /// A bone of the geometry: its elements (faces naming their material instance in `texture`) and
    /// the quarter turns of the Java variant that draws it (`x` first, then `y`, about the block's centre).
    struct Bone {
        var name: String
        var elements: [ModelElement]
        var x: Int = 0
        var y: Int = 0
    }

    /// One bone named `block` holding `elements`.
    static func build(identifier: String, elements: [ModelElement]) -> Output {
        build(identifier: identifier, bones: [Bone(name: "block", elements: elements)])
    }

    /// The geometry of `bones`. A bone turned by its variant becomes two bones, the outer turning
    /// about y and the inner (holding the cubes, so `bone_visibility` on it hides them) about x:
    /// Java turns x first, then y. Variant turns keep their sign (Java applies `-angle` about the
    /// axis; mirroring X for Bedrock flips it back), element rotations are `x: -a, y: -a, z: +a`.
    static func build(identifier: String, bones: [Bone]) -> Output {
        let scale = fitScale(bones.flatMap(\.elements))
        var usesRotation = false
        var instances: Set<String> = []
        var boneValues: [JSONValue] = []
        var low = [Double](repeating: .infinity, count: 3)
        var high = [Double](repeating: -.infinity, count: 3)
        var boneBounds: [String: (origin: [Double], size: [Double])] = [:]
        for bone in bones {
            var boneLow = [Double](repeating: .infinity, count: 3)
            var boneHigh = [Double](repeating: -.infinity, count: 3)
            defer {
                if boneLow[0].isFinite { boneBounds[bone.name] = (boneLow, (0..<3).map { boneHigh[$0] - boneLow[$0] }) }
            }
            var cubes: [JSONValue] = []
            for element in bone.elements {
                let (cube, rotated) = self.cube(element, scale: scale, instances: &instances)
                usesRotation = usesRotation || rotated
                cubes.append(cube)
                let from = scaled(element.from, scale)
                let to = scaled(element.to, scale)
                for corner in corners(origin: [8 - to[0], from[1], from[2] - 8], size: (0..<3).map { to[$0] - from[$0] }, x: bone.x, y: bone.y) {
                    for axis in 0..<3 {
                        low[axis] = min(low[axis], corner[axis])
                        high[axis] = max(high[axis], corner[axis])
                        boneLow[axis] = min(boneLow[axis], corner[axis])
                        boneHigh[axis] = max(boneHigh[axis], corner[axis])
                    }
                }
            }
            let x = ((bone.x % 360) + 360) % 360
            let y = ((bone.y % 360) + 360) % 360
            var inner = [JSONMember(key: "name", value: .string(bone.name)), JSONMember(key: "pivot", value: numbers([0, 8, 0]))]
            if y != 0 {
                boneValues.append(.object([
                    JSONMember(key: "name", value: .string(bone.name + "_turn")), JSONMember(key: "pivot", value: numbers([0, 8, 0])),
                    JSONMember(key: "rotation", value: numbers([0, Double(y), 0])),
                ]))
                inner.append(JSONMember(key: "parent", value: .string(bone.name + "_turn")))
            }
            if x != 0 { inner.append(JSONMember(key: "rotation", value: numbers([Double(x), 0, 0]))) }
            inner.append(JSONMember(key: "cubes", value: .array(cubes)))
            boneValues.append(.object(inner))
        }
        if !low[0].isFinite { low = [-8, 0, -8]; high = [8, 16, 8] }
        let file = JSONValue.object([
            JSONMember(key: "format_version", value: .string(usesRotation ? formatVersionWithUVRotation : formatVersion)),
            JSONMember(key: "minecraft:geometry", value: .array([.object([
                JSONMember(key: "description", value: .object([
                    JSONMember(key: "identifier", value: .string(identifier)),
                    JSONMember(key: "texture_width", value: .number(16)),
                    JSONMember(key: "texture_height", value: .number(16)),
                ])),
                JSONMember(key: "bones", value: .array(boneValues)),
            ])])),
        ])
        return Output(
            file: file, identifier: identifier, instances: instances.sorted(), scale: scale == 1 ? nil : scale,
            bounds: (low, (0..<3).map { high[$0] - low[$0] }), boneBounds: boneBounds)
    }

    /// One cube in Bedrock's convention; `true` when a face needed `uv_rotation`.
    private static func cube(_ element: ModelElement, scale: Double, instances: inout Set<String>) -> (JSONValue, Bool) {
        var from = scaled(element.from, scale)
        var to = scaled(element.to, scale)
        if let rotation = element.rotation, rotation.rescale, rotation.angle != 0 {
            // Java stretches a rescaled rotated element back over the block: widen it across the
            // rotation axis by 1 / cos(angle) about the rotation origin.
            let factor = 1 / cos(abs(rotation.angle) * .pi / 180)
            let pivot = scaled(rotation.origin, scale)
            for axis in 0..<3 where axis != ["x": 0, "y": 1, "z": 2][rotation.axis] {
                from[axis] = pivot[axis] + (from[axis] - pivot[axis]) * factor
                to[axis] = pivot[axis] + (to[axis] - pivot[axis]) * factor
            }
        }
        let origin = [8 - to[0], from[1], from[2] - 8]
        let size = (0..<3).map { to[$0] - from[$0] }
        var members = [JSONMember(key: "origin", value: numbers(origin)), JSONMember(key: "size", value: numbers(size))]
        if let rotation = element.rotation, rotation.angle != 0 {
            let pivot = scaled(rotation.origin, scale)
            members.append(JSONMember(key: "pivot", value: numbers([8 - pivot[0], pivot[1], pivot[2] - 8])))
            let angle = rotation.angle
            let rotated = rotation.axis == "x" ? [-angle, 0, 0] : rotation.axis == "y" ? [0, -angle, 0] : [0, 0, angle]
            members.append(JSONMember(key: "rotation", value: numbers(rotated)))
        }
        var usesRotation = false
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
                JSONMember(key: "material_instance", value: .string(face.texture)),
            ]
            if face.rotation % 360 != 0 {
                usesRotation = true
                faceMembers.append(JSONMember(key: "uv_rotation", value: .number(Double(((face.rotation % 360) + 360) % 360))))
            }
            instances.insert(face.texture)
            faces.append(JSONMember(key: direction, value: .object(faceMembers)))
        }
        members.append(JSONMember(key: "uv", value: .object(faces)))
        return (.object(members), usesRotation)
    }

    /// The corners of a box after quarter turns about the block centre, both senses (bounds only:
    /// a conservative box whatever the sense).
    private static func corners(origin: [Double], size: [Double], x: Int, y: Int) -> [[Double]] {
        var points: [[Double]] = []
        for dx in [0.0, 1.0] { for dy in [0.0, 1.0] { for dz in [0.0, 1.0] {
            points.append([origin[0] + dx * size[0], origin[1] + dy * size[1], origin[2] + dz * size[2]])
        } } }
        guard x % 360 != 0 || y % 360 != 0 else { return points }
        var result = points
        for sign in [1.0, -1.0] {
            for point in points {
                var p = [point[0], point[1] - 8, point[2]]
                let ax = sign * Double(x) * .pi / 180
                p = [p[0], (p[1] * cos(ax) - p[2] * sin(ax)).rounded(toPlaces: 4), (p[1] * sin(ax) + p[2] * cos(ax)).rounded(toPlaces: 4)]
                let ay = sign * Double(y) * .pi / 180
                p = [(p[0] * cos(ay) + p[2] * sin(ay)).rounded(toPlaces: 4), p[1], (-p[0] * sin(ay) + p[2] * cos(ay)).rounded(toPlaces: 4)]
                result.append([p[0], p[1] + 8, p[2]])
            }
        }
        return result
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

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let factor = pow(10, Double(places))
        return (self * factor).rounded() / factor
    }
}

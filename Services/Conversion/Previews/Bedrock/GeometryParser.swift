import Foundation

/// Reads the modern (1.12.0 and later) `.geo.json` layout into ``BedrockGeometry``.
enum GeometryParser {
    static let maxBytes = 4 << 20
    static let maxDepth = 64
    static let maxBones = 1_024

    /// The geometry named `identifier` (or the first one) in `data`.
    static func parse(_ data: Data, identifier: String?) throws(GeometryError) -> BedrockGeometry {
        let root = JSONNode(value: try JSONValue.parse(data, maxBytes: maxBytes, maxDepth: maxDepth), path: "")
        let version = try root.required("format_version").string()
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard parts.count == 3, numbers.count == 3, !numbers.lexicographicallyPrecedes([1, 12, 0]) else {
            throw .unsupportedFormatVersion(version)
        }
        let geometries = try root.required("minecraft:geometry").array()
        var names: [String] = []
        for geometry in geometries {
            let name = try geometry.required("description").required("identifier").string()
            names.append(name)
            if identifier == nil || identifier == name { return try parseGeometry(geometry, identifier: name) }
        }
        throw .geometryNotFound(identifier: identifier ?? "(any)", available: names)
    }

    private static func parseGeometry(_ node: JSONNode, identifier: String) throws(GeometryError) -> BedrockGeometry {
        let description = try node.required("description")
        let width = try description.member("texture_width")?.number(in: 1...4096) ?? 16
        let height = try description.member("texture_height")?.number(in: 1...4096) ?? 16
        let boneNodes = try node.member("bones")?.array() ?? []
        guard boneNodes.count <= maxBones else { throw .tooManyBones(count: boneNodes.count, limit: maxBones) }
        var bones: [BedrockGeometry.Bone] = []
        var cubeCount = 0
        for boneNode in boneNodes {
            let bone = try parseBone(boneNode)
            cubeCount += bone.cubes.count
            guard cubeCount <= JavaModelScene.maxElements else {
                throw .tooManyCubes(count: cubeCount, limit: JavaModelScene.maxElements)
            }
            bones.append(bone)
        }
        try checkHierarchy(bones)
        return BedrockGeometry(identifier: identifier, textureWidth: width, textureHeight: height, bones: bones)
    }

    private static func parseBone(_ node: JSONNode) throws(GeometryError) -> BedrockGeometry.Bone {
        let name = try node.required("name").string()
        let inflate = try node.member("inflate")?.number(in: -64...64) ?? 0
        let mirror = try node.member("mirror")?.bool() ?? false
        let cubeNodes = try node.member("cubes")?.array() ?? []
        guard cubeNodes.count <= JavaModelScene.maxElements else {
            throw .tooManyCubes(count: cubeNodes.count, limit: JavaModelScene.maxElements)
        }
        var cubes: [BedrockGeometry.Cube] = []
        for cubeNode in cubeNodes { cubes.append(try parseCube(cubeNode, inflate: inflate, mirror: mirror)) }
        return BedrockGeometry.Bone(
            name: name, parent: try node.member("parent")?.string(), pivot: try node.vector("pivot"),
            rotation: try node.vector("rotation"), cubes: cubes)
    }

    private static func parseCube(_ node: JSONNode, inflate boneInflate: Double, mirror boneMirror: Bool) throws(GeometryError) -> BedrockGeometry.Cube {
        let origin = try node.required("origin").numbers(3)
        let sizeNode = try node.required("size")
        let size = try sizeNode.numbers(3, in: 0...4096)
        let mirror = try node.member("mirror")?.bool() ?? boneMirror
        let uv: BedrockGeometry.CubeUV
        if let uvNode = node.member("uv") {
            if case .array = uvNode.value {
                let start = try uvNode.numbers(2)
                uv = .box(origin: SIMD2(start[0], start[1]), mirror: mirror)
            } else {
                _ = try uvNode.object()
                var faces: [FaceDirection: BedrockGeometry.FaceUV] = [:]
                for direction in FaceDirection.allCases {
                    guard let face = uvNode.member(direction.rawValue) else { continue }
                    faces[direction] = try parseFace(face)
                }
                uv = .perFace(faces)
            }
        } else {
            uv = .box(origin: .zero, mirror: mirror)
        }
        return BedrockGeometry.Cube(
            origin: Vector3(origin[0], origin[1], origin[2]), size: Vector3(size[0], size[1], size[2]),
            pivot: try node.vector("pivot"), rotation: try node.vector("rotation"),
            inflate: try node.member("inflate")?.number(in: -64...64) ?? boneInflate, uv: uv)
    }

    private static func parseFace(_ node: JSONNode) throws(GeometryError) -> BedrockGeometry.FaceUV {
        let start = try node.required("uv").numbers(2)
        let size = try node.member("uv_size")?.numbers(2)
        let rotationNode = node.member("uv_rotation")
        let rotation = try rotationNode?.number(in: -360...360) ?? 0
        guard rotation.truncatingRemainder(dividingBy: 90) == 0 else {
            throw .invalid(path: rotationNode?.path ?? node.path, reason: "uv_rotation \(rotation) is not a multiple of 90")
        }
        return BedrockGeometry.FaceUV(
            origin: SIMD2(start[0], start[1]), size: size.map { SIMD2($0[0], $0[1]) },
            rotation: ((Int(rotation) % 360) + 360) % 360, materialInstance: try node.member("material_instance")?.string())
    }

    /// Names are unique, parents exist, and no bone is its own ancestor.
    private static func checkHierarchy(_ bones: [BedrockGeometry.Bone]) throws(GeometryError) {
        var parents: [String: String?] = [:]
        for bone in bones {
            guard parents[bone.name] == nil else { throw .duplicateBone(bone.name) }
            parents[bone.name] = .some(bone.parent)
        }
        for bone in bones {
            var current = bone.parent
            var steps = 0
            while let name = current {
                guard let next = parents[name] else { throw .unknownParent(bone: bone.name, parent: name) }
                steps += 1
                guard steps <= bones.count, name != bone.name else { throw .parentCycle(bone: bone.name) }
                current = next
            }
        }
    }
}

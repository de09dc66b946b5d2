/// Turning a Bedrock geometry into world-space quads.
///
/// Everything is built in Bedrock model space, then carried into Java's block space by
/// `(x, y, z) ↦ (8 − x, y, z + 8)`: the x mirror, and the move from a floor-centred origin to a
/// corner origin. Rotations are applied in that mirrored space with the meaning Blockbench gives
/// them: a cube or bone `rotation` `[a, b, c]` about its `pivot` is a turn of −a about x, then −b
/// about y, then +c about z (right-handed, applied in that order). The block's
/// `minecraft:transformation` `rotation` `[a, b, c]` turns about the block centre by −a about x
/// (so `[90, 0, 0]` faces a north front down), then +b about y (`[0, 90, 0]` faces it west),
/// then +c about z.
extension BedrockGeometryScene {
    static func toJava(_ point: Vector3) -> Vector3 { Vector3(8 - point.x, point.y, point.z + 8) }

    /// A cube or bone rotation about its Bedrock-space pivot, in Java space.
    static func partTransform(rotation: Vector3, pivot: Vector3) -> PivotTransform {
        let matrix = Matrix3.rotation(.z, degrees: rotation.z) * Matrix3.rotation(.y, degrees: -rotation.y)
            * Matrix3.rotation(.x, degrees: -rotation.x)
        return PivotTransform(matrix: matrix, centre: toJava(pivot))
    }

    var blockTransform: PivotTransform {
        let matrix = Matrix3.rotation(.z, degrees: rotation.z) * Matrix3.rotation(.y, degrees: rotation.y)
            * Matrix3.rotation(.x, degrees: -rotation.x)
        return PivotTransform(matrix: matrix, centre: Vector3(8, 8, 8))
    }

    func quads() -> [Quad] {
        let bonesByName = Dictionary(geometry.bones.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let block = blockTransform
        var quads: [Quad] = []
        for bone in geometry.bones {
            // The bone, then its parent, and so on (the parser checked the chain ends).
            var chain: [PivotTransform] = []
            var hidden = false
            var current: BedrockGeometry.Bone? = bone
            while let link = current, chain.count <= geometry.bones.count {
                hidden = hidden || hiddenBones.contains(link.name)
                chain.append(Self.partTransform(rotation: link.rotation, pivot: link.pivot))
                current = link.parent.flatMap { bonesByName[$0] }
            }
            guard !hidden else { continue }
            for cube in bone.cubes {
                let own = Self.partTransform(rotation: cube.rotation, pivot: cube.pivot)
                let steps = [own] + chain + [block]
                for face in faces(of: cube) {
                    let corners = face.corners.map { corner in
                        steps.reduce(Self.toJava(corner)) { point, step in step.apply(point) }
                    }
                    let bedrockNormal = BedrockFaceLayout.normal(face.direction)
                    let normal = steps.reduce(Vector3(-bedrockNormal.x, bedrockNormal.y, bedrockNormal.z)) { $1.matrix * $0 }
                    let material = material(for: face.instance)
                    quads.append(Quad(corners: corners, uvs: face.uvs, normal: normal, material: material,
                                      cullsBackFace: !material.renderMethod.drawsBackFaces))
                }
            }
        }
        return quads
    }

    private struct Face {
        var direction: FaceDirection
        var corners: [Vector3]
        /// Fractions of the texture.
        var uvs: [SIMD2<Double>]
        var instance: String
    }

    private func faces(of cube: BedrockGeometry.Cube) -> [Face] {
        let low = cube.origin - Vector3(repeating: cube.inflate)
        let high = cube.origin + cube.size + Vector3(repeating: cube.inflate)
        let scale = SIMD2(geometry.textureWidth, geometry.textureHeight)
        var faces: [Face] = []
        for direction in FaceDirection.allCases {
            let origin: SIMD2<Double>, size: SIMD2<Double>, rotation: Int, instance: String
            switch cube.uv {
            case let .box(start, mirror):
                guard let rect = BedrockFaceLayout.boxUV(start: start, size: cube.size, mirror: mirror)[direction] else { continue }
                (origin, size, rotation, instance) = (rect.0, rect.1, 0, direction.rawValue)
            case let .perFace(perFace):
                guard let face = perFace[direction] else { continue }
                origin = face.origin
                size = face.size ?? BedrockFaceLayout.faceSize(direction, size: cube.size)
                rotation = face.rotation
                instance = face.materialInstance ?? direction.rawValue
            }
            let uvs = BedrockFaceLayout.cornerUVs(origin: origin, size: size, rotation: rotation).map { $0 / scale }
            faces.append(Face(direction: direction, corners: BedrockFaceLayout.corners(direction, low: low, high: high), uvs: uvs, instance: instance))
        }
        return faces
    }

    private func material(for instance: String) -> Material {
        materials[instance] ?? materials["*"] ?? Material(texture: PlaceholderImage.texture)
    }
}

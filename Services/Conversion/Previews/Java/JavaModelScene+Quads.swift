/// Turning a Java model into world-space quads.
extension JavaModelScene {
    /// The blockstate turn: `x` first, then `y`, each by minus its angle (Minecraft's
    /// `rotateYXZ(-y, -x, 0)`: `y: 90` turns a north face east, `x: 90` turns the top north),
    /// about the block centre.
    var blockTransform: PivotTransform { Self.turn(x: blockstateX, y: blockstateY) }

    /// A blockstate-style turn: `x` first, then `y`, each by minus its angle, about the block centre.
    static func turn(x: Int, y: Int) -> PivotTransform {
        let matrix = Matrix3.rotation(.y, degrees: Double(-y)) * Matrix3.rotation(.x, degrees: Double(-x))
        return PivotTransform(matrix: matrix, centre: Vector3(8, 8, 8))
    }

    func quads() -> [Quad] {
        let block = blockTransform
        var quads: [Quad] = []
        for element in elements {
            let (elementTransform, normalMatrix) = Self.elementTransforms(element.rotation)
            let part = Self.turn(x: element.partX, y: element.partY)
            for direction in FaceDirection.allCases {
                guard let face = element.faces[direction] else { continue }
                let uv = face.uv ?? JavaFaceLayout.defaultUV(direction, from: element.from, to: element.to)
                let corners = JavaFaceLayout.corners(of: direction, from: element.from, to: element.to)
                    .map { block.apply(part.apply(elementTransform.apply($0))) }
                let uvs = JavaFaceLayout.cornerUVs(uv, rotation: face.rotation).map { $0 / 16 }
                let turned = block.matrix * (part.matrix * (normalMatrix * direction.normal))
                let length = (turned * turned).sum().squareRoot()
                guard length > 0 else { continue }
                let material = Material(texture: face.texture, renderMethod: renderMethod, tint: face.tint)
                quads.append(Quad(corners: corners, uvs: uvs, normal: turned / length, material: material, cullsBackFace: true))
            }
        }
        return quads
    }

    /// The element's turn about its origin (with `rescale` stretching the two other axes by
    /// 1/cos(angle) after turning, as Minecraft does), and the matrix that carries its normals.
    static func elementTransforms(_ rotation: Rotation?) -> (PivotTransform, Matrix3) {
        guard let rotation, rotation.angle != 0 else {
            return (PivotTransform(matrix: .identity, centre: .zero), .identity)
        }
        let turn = Matrix3.rotation(rotation.axis, degrees: rotation.angle)
        var stretch = Vector3(1, 1, 1)
        if rotation.rescale {
            let factor = 1 / Trig.cosineSine(degrees: abs(rotation.angle)).0
            stretch = Vector3(rotation.axis == .x ? 1 : factor, rotation.axis == .y ? 1 : factor, rotation.axis == .z ? 1 : factor)
        }
        let transform = PivotTransform(matrix: Matrix3.scale(stretch) * turn, centre: rotation.origin)
        // Normals transform by the inverse transpose: the turn, then the inverse stretch.
        return (transform, Matrix3.scale(1 / stretch) * turn)
    }
}

import Foundation
import Previews

/// Writes a Java model's Bedrock form by hand, following Blockbench's Java → Bedrock rule, so the
/// agreement tests pin that convention: origin `[8 − to.x, from.y, from.z − 8]`, size `to − from`,
/// pivot `[8 − o.x, o.y, o.z − 8]`, rotation x: −a, y: −a, z: +a, side faces `uv [u1, v1]` size
/// `[u2 − u1, v2 − v1]`, up/down faces `uv [u2, v2]` size `[u1 − u2, v1 − v2]`.
///
/// The switches break the rule on purpose for the negative tests.
struct BlockbenchRule {
    /// `false`: write origin `[from.x − 8, …]` and pivot `[o.x − 8, …]` (the x mirror forgotten).
    var mirrorX = true
    /// `false`: write up/down faces like side faces (their flip forgotten).
    var flipUpDown = true

    /// The `.geo.json` text, every face naming the material instance `instance(face)`.
    func geometry(_ elements: [JavaModelScene.Element], instance: (FaceDirection) -> String = { _ in "main" }) -> String {
        var usesRotation = false
        var cubes: [[String: Any]] = []
        for element in elements {
            let (from, to) = (element.from, element.to)
            var cube: [String: Any] = [
                "origin": [mirrorX ? 8 - to.x : from.x - 8, from.y, from.z - 8],
                "size": [to.x - from.x, to.y - from.y, to.z - from.z],
            ]
            if let rotation = element.rotation, rotation.angle != 0 {
                let o = rotation.origin
                cube["pivot"] = [mirrorX ? 8 - o.x : o.x - 8, o.y, o.z - 8]
                let a = rotation.angle
                cube["rotation"] = rotation.axis == .x ? [-a, 0, 0] : rotation.axis == .y ? [0, -a, 0] : [0, 0, a]
            }
            var faces: [String: Any] = [:]
            for direction in FaceDirection.allCases {
                guard let face = element.faces[direction] else { continue }
                let uv = face.uv ?? JavaFaceLayout.defaultUV(direction, from: from, to: to)
                var written: [String: Any] = ["material_instance": instance(direction)]
                if flipUpDown, direction == .up || direction == .down {
                    written["uv"] = [uv.u2, uv.v2]
                    written["uv_size"] = [uv.u1 - uv.u2, uv.v1 - uv.v2]
                } else {
                    written["uv"] = [uv.u1, uv.v1]
                    written["uv_size"] = [uv.u2 - uv.u1, uv.v2 - uv.v1]
                }
                if face.rotation % 360 != 0 {
                    usesRotation = true
                    written["uv_rotation"] = face.rotation
                }
                faces[direction.rawValue] = written
            }
            cube["uv"] = faces
            cubes.append(cube)
        }
        let file: [String: Any] = [
            "format_version": usesRotation ? "1.21.0" : "1.16.0",
            "minecraft:geometry": [[
                "description": ["identifier": "geometry.test", "texture_width": 16, "texture_height": 16],
                "bones": [["name": "block", "pivot": [0, 0, 0], "cubes": cubes]],
            ]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: file, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

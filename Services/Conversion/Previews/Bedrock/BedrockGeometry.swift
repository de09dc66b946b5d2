/// One geometry of a `.geo.json` file, as read (Bedrock model space: pixels, the block's floor
/// centred at the origin, spanning x −8…8, y 0…16, z −8…8).
struct BedrockGeometry: Sendable {
    var identifier: String
    /// What `uv` numbers are measured against: a face's texture position `u` is the fraction
    /// `u / textureWidth` of the texture, whatever the image's real size.
    var textureWidth: Double
    var textureHeight: Double
    var bones: [Bone]

    struct Bone: Sendable {
        var name: String
        var parent: String?
        var pivot: Vector3
        var rotation: Vector3
        var cubes: [Cube]
    }

    struct Cube: Sendable {
        var origin: Vector3
        var size: Vector3
        var pivot: Vector3
        var rotation: Vector3
        var inflate: Double
        var uv: CubeUV
    }

    enum CubeUV: Sendable {
        /// Box UV: the classic unwrapped-box layout from one texture corner.
        case box(origin: SIMD2<Double>, mirror: Bool)
        /// Per-face UV; a face absent here is not drawn.
        case perFace([FaceDirection: FaceUV])
    }

    struct FaceUV: Sendable {
        var origin: SIMD2<Double>
        /// `nil`: the face's own size in pixels.
        var size: SIMD2<Double>?
        /// Clockwise quarter turns × 90.
        var rotation: Int
        var materialInstance: String?
    }

    /// Bedrock's built-in `minecraft:geometry.full_block`: one 16×16×16 cube whose faces use
    /// the material instances named after their directions. Each face shows the whole texture
    /// the way Java's `cube_all` shows it (sides `uv [0, 0]` size `[16, 16]`; up and down
    /// `uv [16, 16]` size `[−16, −16]`, Bedrock's flipped convention for those faces).
    static let fullBlock: BedrockGeometry = {
        var faces: [FaceDirection: FaceUV] = [:]
        for direction in FaceDirection.allCases {
            let flipped = direction == .up || direction == .down
            faces[direction] = FaceUV(origin: flipped ? [16, 16] : [0, 0], size: flipped ? [-16, -16] : [16, 16], rotation: 0, materialInstance: nil)
        }
        let cube = Cube(origin: [-8, 0, -8], size: [16, 16, 16], pivot: .zero, rotation: .zero, inflate: 0, uv: .perFace(faces))
        return BedrockGeometry(identifier: "minecraft:geometry.full_block", textureWidth: 16, textureHeight: 16,
                               bones: [Bone(name: "block", parent: nil, pivot: .zero, rotation: .zero, cubes: [cube])])
    }()
}

/// A Java Edition block model as the jar holds it, with its blockstate variant's rotation, ready
/// to render with ``PreviewRenderer/render(_:)-(JavaModelScene)``.
///
/// Coordinates are model pixels, the block spanning 0…16 (x east, y up, z south). Textures are
/// already resolved to images (the caller follows `#variables` and parents).
public struct JavaModelScene: Sendable {
    /// The model's boxes, drawn in this order.
    public var elements: [Element]
    /// The variant's `x` rotation in degrees (a multiple of 90).
    public var blockstateX: Int
    /// The variant's `y` rotation in degrees (a multiple of 90).
    public var blockstateY: Int
    /// How texture alpha is treated (Java's render type: solid, cutout, translucent). Java draws
    /// every face single-sided whatever this says.
    public var renderMethod: RenderMethod

    /// The most elements a scene may have (also the Bedrock cube limit).
    public static let maxElements = 1_024

    /// A scene, checked the way Minecraft's model loader checks it.
    /// - Throws: ``SceneError`` for more than 1,024 elements, a bound outside −16…32, a
    ///   rotation angle other than −45, −22.5, 0, 22.5 or 45, a face rotation or blockstate
    ///   rotation that is not a multiple of 90, or a non-finite number.
    public init(elements: [Element], blockstateX: Int = 0, blockstateY: Int = 0, renderMethod: RenderMethod = .opaque) throws(SceneError) {
        guard elements.count <= Self.maxElements else { throw .tooManyElements(count: elements.count, limit: Self.maxElements) }
        guard blockstateX % 90 == 0, blockstateY % 90 == 0 else { throw .invalidBlockstateRotation(x: blockstateX, y: blockstateY) }
        for (index, element) in elements.enumerated() { try element.validate(index: index) }
        self.elements = elements
        self.blockstateX = blockstateX
        self.blockstateY = blockstateY
        self.renderMethod = renderMethod
    }

    /// One box of a Java model.
    public struct Element: Sendable {
        /// The corner with the smaller coordinates, model pixels.
        public var from: Vector3
        /// The corner with the larger coordinates, model pixels.
        public var to: Vector3
        /// The element's own rotation, or `nil`.
        public var rotation: Rotation?
        /// The faces that exist; a missing face is not drawn.
        public var faces: [FaceDirection: Face]
        /// The quarter turns of the multipart part the element belongs to (`x` first, then `y`, about
        /// the block centre, as a blockstate turn), applied before the scene's own.
        public var partX: Int
        public var partY: Int

        /// An element from its parts.
        public init(from: Vector3, to: Vector3, rotation: Rotation? = nil, faces: [FaceDirection: Face], partX: Int = 0, partY: Int = 0) {
            self.from = from
            self.to = to
            self.rotation = rotation
            self.faces = faces
            self.partX = partX
            self.partY = partY
        }

        func validate(index: Int) throws(SceneError) {
            for value in [from.x, from.y, from.z, to.x, to.y, to.z] {
                guard value.isFinite, (-16...32).contains(value) else {
                    throw .invalidElement(index: index, reason: "bound \(value) is outside -16…32")
                }
            }
            if let rotation {
                guard [rotation.origin.x, rotation.origin.y, rotation.origin.z].allSatisfy(\.isFinite) else {
                    throw .invalidElement(index: index, reason: "rotation origin is not finite")
                }
                guard [-45, -22.5, 0, 22.5, 45].contains(rotation.angle) else {
                    throw .invalidElement(index: index, reason: "rotation angle \(rotation.angle) is not -45, -22.5, 0, 22.5 or 45")
                }
            }
            for direction in FaceDirection.allCases {
                guard let face = faces[direction] else { continue }
                guard face.rotation % 90 == 0, (0...270).contains(face.rotation) else {
                    throw .invalidElement(index: index, reason: "\(direction) face rotation \(face.rotation) is not 0, 90, 180 or 270")
                }
                guard face.uv?.isFinite ?? true else { throw .invalidElement(index: index, reason: "\(direction) face uv is not finite") }
            }
        }
    }

    /// An element's `rotation`: one axis, through `origin`.
    public struct Rotation: Sendable {
        /// The point the element turns about, model pixels.
        public var origin: Vector3
        /// The axis it turns about.
        public var axis: Axis
        /// Degrees, right-handed (counter-clockwise looking from the axis' positive end).
        public var angle: Double
        /// Whether the faces stretch across the whole block again (by 1/cos(angle) on the two
        /// other axes), as Minecraft's `rescale` does.
        public var rescale: Bool

        /// A rotation from its parts.
        public init(origin: Vector3, axis: Axis, angle: Double, rescale: Bool = false) {
            self.origin = origin
            self.axis = axis
            self.angle = angle
            self.rescale = rescale
        }
    }

    /// One face of an element. `cullface` and `tintindex` are the caller's business: culling
    /// against neighbours does not apply to a lone block, and the tint arrives as a colour.
    public struct Face: Sendable {
        /// The resolved texture.
        public var texture: RGBAImage
        /// The texture rectangle in 0…16 units whatever the texture's size, or `nil` for
        /// Minecraft's default from the element's bounds (see ``JavaFaceLayout``).
        public var uv: UVRect?
        /// Clockwise texture rotation on the face: 0, 90, 180 or 270.
        public var rotation: Int
        /// The tint colour for a face with a `tintindex`, or `nil`.
        public var tint: RGB?

        /// A face from its parts.
        public init(texture: RGBAImage, uv: UVRect? = nil, rotation: Int = 0, tint: RGB? = nil) {
            self.texture = texture
            self.uv = uv
            self.rotation = rotation
            self.tint = tint
        }
    }
}

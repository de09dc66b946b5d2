/// A texture with the way it is drawn: one Bedrock material instance, or one Java face's look.
public struct Material: Sendable, Equatable {
    /// The texture; an animation strip uses its ``RGBAImage/firstFrame``.
    public var texture: RGBAImage
    /// How alpha is treated and whether back faces show.
    public var renderMethod: RenderMethod
    /// A colour multiplied into every texel, or `nil` for none.
    public var tint: RGB?

    /// A material from its parts (opaque and untinted unless told).
    public init(texture: RGBAImage, renderMethod: RenderMethod = .opaque, tint: RGB? = nil) {
        self.texture = texture
        self.renderMethod = renderMethod
        self.tint = tint
    }
}

/// Draws block previews (both editions in the same view) and item icons, on the CPU only.
///
/// Every render is a 128×128 ``RGBAImage`` with a transparent background: the model seen from
/// the fixed ``Camera``, lit by ``Shading``, textures sampled nearest-neighbour. The same input
/// always gives the same pixels (no threads, fixed drawing order, exact trigonometry for the
/// angles models use), so ``PNG/encode(_:)`` of a render is byte-for-byte repeatable.
public enum PreviewRenderer {
    /// The Java model as Java Edition would show it in the inventory view.
    public static func render(_ scene: JavaModelScene) -> RGBAImage {
        render(quads: scene.quads())
    }

    /// The Bedrock geometry as Bedrock would show it, in the same view as Java models.
    public static func render(_ scene: BedrockGeometryScene) -> RGBAImage {
        render(quads: scene.quads())
    }

    /// An item icon (its first animation frame) scaled nearest-neighbour to fit 128×128 and
    /// centred on a transparent background. Icons up to 128 pixels grow by the largest whole
    /// factor that fits (16 → ×8), keeping pixel art crisp; larger icons shrink to fit.
    public static func renderIcon(_ icon: RGBAImage) -> RGBAImage {
        let frame = icon.firstFrame
        let size = Camera.imageSize
        let longest = max(frame.width, frame.height)
        let scale = longest <= size ? Double(size / longest) : Double(size) / Double(longest)
        let width = max(1, Int((Double(frame.width) * scale).rounded(.down)))
        let height = max(1, Int((Double(frame.height) * scale).rounded(.down)))
        let left = (size - width) / 2, top = (size - height) / 2
        var out = RGBAImage(unchecked: size, size)
        for y in 0..<height {
            let sourceY = min(frame.height - 1, Int((Double(y) + 0.5) / scale))
            for x in 0..<width {
                let sourceX = min(frame.width - 1, Int((Double(x) + 0.5) / scale))
                out.setPixel(x: left + x, y: top + y, to: frame.pixel(x: sourceX, y: sourceY))
            }
        }
        return out
    }

    static func render(quads: [Quad]) -> RGBAImage {
        var rasterizer = Rasterizer()
        rasterizer.draw(quads)
        return RGBAImage(unchecked: Camera.imageSize, Camera.imageSize, rasterizer.colour)
    }
}

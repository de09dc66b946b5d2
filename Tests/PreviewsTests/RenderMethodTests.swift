import Previews
import Testing

@Suite("Alpha handling, tints, animation strips and icons")
struct RenderMethodTests {
    static let centreOfTop = Camera.project([8, 16, 8])
    static func topPixel(_ image: RGBAImage) -> RGBA {
        image.pixel(x: Int(centreOfTop.x.rounded(.down)), y: Int(centreOfTop.y.rounded(.down)))
    }

    static func scene(_ texture: RGBAImage, _ method: RenderMethod, tint: RGB? = nil) throws -> JavaModelScene {
        try JavaModelScene(elements: [JavaModels.box([0, 0, 0], [16, 16, 16], texture: texture, tint: tint)], renderMethod: method)
    }

    static let halfTransparent = Textures.image(16, 16) { _, _ in RGBA(red: 0, green: 0, blue: 255, alpha: 100) }

    @Test func opaqueForcesAlphaToOne() throws {
        let image = PreviewRenderer.render(try Self.scene(Self.halfTransparent, .opaque))
        #expect(Self.topPixel(image) == RGBA(red: 0, green: 0, blue: 255, alpha: 255))
    }

    @Test func alphaTestDiscardsTexelsBelowHalf() throws {
        let image = PreviewRenderer.render(try Self.scene(Self.halfTransparent, .alphaTest))
        #expect(image.pixels.allSatisfy { $0 == 0 })
        let solid = Textures.image(16, 16) { _, _ in RGBA(red: 0, green: 0, blue: 255, alpha: 128) }
        #expect(Self.topPixel(PreviewRenderer.render(try Self.scene(solid, .alphaTest))).alpha == 255)
    }

    @Test func blendKeepsPartialAlphaOverTheTransparentBackground() throws {
        // The top face blends over nothing: its own colour at its own alpha.
        let image = PreviewRenderer.render(try Self.scene(Self.halfTransparent, .blend))
        let top = Self.topPixel(image)
        #expect(top.blue == 255 && top.alpha == 100)
    }

    @Test func blendDrawsAfterOpaqueFacesBehindIt() throws {
        let glass = JavaModels.box([0, 0, 0], [16, 16, 16], texture: Self.halfTransparent)
        let inner = JavaModels.box([4, 4, 4], [12, 12, 12], texture: Textures.image(16, 16) { _, _ in Textures.red })
        // The glass comes first in the list, yet the red core still shows through it.
        let image = PreviewRenderer.render(try JavaModelScene(elements: [glass, inner], renderMethod: .blend))
        let core = Camera.project([8, 12, 8])
        let pixel = image.pixel(x: Int(core.x), y: Int(core.y))
        #expect(pixel.alpha > 100 && pixel.red > 0)
    }

    @Test func tintMultipliesTheTexture() throws {
        let image = PreviewRenderer.render(try Self.scene(Textures.grey, .opaque, tint: RGB(red: 255, green: 128, blue: 0)))
        #expect(Self.topPixel(image) == RGBA(red: 200, green: 100, blue: 0))
    }

    @Test func animationStripsUseTheirFirstFrame() throws {
        let strip = Textures.image(16, 48) { _, y in y < 16 ? Textures.green : Textures.red }
        #expect(Self.topPixel(PreviewRenderer.render(try Self.scene(strip, .opaque))) == Textures.green)
    }

    @Test func largerTexturesAreSampledInSixteenthsOfTheirSize() throws {
        let large = Textures.image(64, 64) { x, y in x < 32 && y < 32 ? Textures.red : Textures.blue }
        let image = PreviewRenderer.render(try Self.scene(large, .opaque))
        let corner = Camera.project([3, 16, 3])
        #expect(image.pixel(x: Int(corner.x), y: Int(corner.y)) == Textures.red)
    }

    @Test func iconsScaleByWholeFactorsAndCentre() {
        let icon = PreviewRenderer.renderIcon(Textures.quadrants)
        #expect(icon.width == 128 && icon.height == 128)
        #expect(icon.pixel(x: 0, y: 0) == Textures.red)
        #expect(icon.pixel(x: 63, y: 0) == Textures.red)
        #expect(icon.pixel(x: 64, y: 0) == Textures.green)
        #expect(icon.pixel(x: 127, y: 127) == Textures.white)
        let odd = PreviewRenderer.renderIcon(Textures.image(24, 24) { _, _ in Textures.blue })
        #expect(odd.pixel(x: 3, y: 3) == .clear)
        #expect(odd.pixel(x: 4, y: 4) == Textures.blue)
        #expect(odd.pixel(x: 123, y: 123) == Textures.blue && odd.pixel(x: 124, y: 124) == .clear)
    }

    @Test func placeholdersHaveTheirFixedSizes() {
        #expect(PlaceholderImage.image.width == 128 && PlaceholderImage.image.height == 128)
        #expect(PlaceholderImage.image.pixel(x: 0, y: 0) == RGBA(red: 248, green: 0, blue: 248))
        #expect(PlaceholderImage.texture.width == 16)
    }
}

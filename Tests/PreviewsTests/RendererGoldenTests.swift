import Foundation
import Previews
import Testing

@Suite("Golden pixels of the fixed camera")
struct RendererGoldenTests {
    let render: RGBAImage

    init() throws {
        render = PreviewRenderer.render(try JavaModelScene(elements: [JavaModels.fullCube]))
    }

    /// The render's pixel under a world point (block pixels).
    func pixel(at point: Vector3) -> RGBA {
        let screen = Camera.project(point)
        return render.pixel(x: Int(screen.x.rounded(.down)), y: Int(screen.y.rounded(.down)))
    }

    static func shaded(_ colour: RGBA, _ factor: Double) -> RGBA {
        func scale(_ value: UInt8) -> UInt8 { UInt8((Double(value) * factor).rounded()) }
        return RGBA(red: scale(colour.red), green: scale(colour.green), blue: scale(colour.blue))
    }

    @Test func topFaceShowsTheTextureWithNorthAtTheTopAtFullBrightness() {
        #expect(pixel(at: [4, 16, 4]) == Textures.red)
        #expect(pixel(at: [12, 16, 4]) == Textures.green)
        #expect(pixel(at: [4, 16, 12]) == Textures.blue)
        #expect(pixel(at: [12, 16, 12]) == Textures.white)
    }

    @Test func northFaceOnTheRightIsUprightUnmirroredAndShadedPointEight() {
        // Seen from the north, +x is on the viewer's left: texture u runs towards −x.
        #expect(pixel(at: [12, 12, 0]) == Self.shaded(Textures.red, 0.8))
        #expect(pixel(at: [4, 12, 0]) == Self.shaded(Textures.green, 0.8))
        #expect(pixel(at: [12, 4, 0]) == Self.shaded(Textures.blue, 0.8))
        #expect(pixel(at: [4, 4, 0]) == Self.shaded(Textures.white, 0.8))
    }

    @Test func eastFaceOnTheLeftIsUprightUnmirroredAndShadedPointSix() {
        #expect(pixel(at: [16, 12, 12]) == Self.shaded(Textures.red, 0.6))
        #expect(pixel(at: [16, 12, 4]) == Self.shaded(Textures.green, 0.6))
        #expect(pixel(at: [16, 4, 12]) == Self.shaded(Textures.blue, 0.6))
        #expect(pixel(at: [16, 4, 4]) == Self.shaded(Textures.white, 0.6))
    }

    @Test func eastFaceIsLeftOfNorthFaceOnScreen() {
        #expect(Camera.project([16, 8, 8]).x < Camera.project([8, 8, 0]).x)
        #expect(Camera.project([8, 16, 8]).y < Camera.project([8, 8, 0]).y)
    }

    @Test func backgroundCornersAreFullyTransparent() {
        for (x, y) in [(0, 0), (127, 0), (0, 127), (127, 127)] {
            #expect(render.pixel(x: x, y: y) == .clear)
        }
    }

    @Test func blockFitsInsideTheImageWithAMargin() {
        var rows = Set<Int>(), columns = Set<Int>()
        for y in 0..<render.height {
            for x in 0..<render.width where render.pixel(x: x, y: y).alpha > 0 {
                rows.insert(y)
                columns.insert(x)
            }
        }
        #expect((rows.min() ?? 0) >= 4 && (rows.max() ?? 127) <= 123)
        #expect((columns.min() ?? 0) >= 4 && (columns.max() ?? 127) <= 123)
        #expect(rows.count > 100 && columns.count > 90)
    }

    @Test func renderingTwiceGivesTheSamePNGBytes() throws {
        let again = PreviewRenderer.render(try JavaModelScene(elements: [JavaModels.fullCube]))
        #expect(PNG.encode(render) == PNG.encode(again))
        let bedrock = try BedrockGeometryScene.fullBlock(materials: ["*": Material(texture: Textures.quadrants)])
        #expect(PNG.encode(PreviewRenderer.render(bedrock)) == PNG.encode(PreviewRenderer.render(bedrock)))
    }

    @Test func bedrockFullBlockMatchesJavaCubeAllPixelForPixel() throws {
        let bedrock = try BedrockGeometryScene.fullBlock(materials: ["*": Material(texture: Textures.quadrants)])
        #expect(PreviewRenderer.render(bedrock) == render)
    }

    @Test func shadingFactorsAreMinecraftsPerDirection() {
        #expect(Shading.factor([0, 1, 0]) == 1.0)
        #expect(Shading.factor([0, -1, 0]) == 0.5)
        #expect(Shading.factor([0, 0, -1]) == 0.8)
        #expect(Shading.factor([1, 0, 0]) == 0.6)
    }
}

import Previews
import Testing

/// Real differences between a Java model and its Blockbench-rule Bedrock form that the renderer
/// shows on purpose, so a conversion that has them is flagged.
@Suite("Differences the renderer reports on purpose")
struct KnownDifferenceTests {
    @Test func rescaledCrossIsWiderThanItsBedrockForm() throws {
        // Bedrock has no `rescale`; the Blockbench rule drops it, so the Java planes are √2 wider.
        var rescaled = JavaModels.cross(texture: Textures.plant)
        for index in rescaled.indices { rescaled[index].rotation?.rescale = true }
        let agreement = try AgreementTests.score(
            rescaled, javaMethod: .alphaTest, bedrock: Material(texture: Textures.plant, renderMethod: .alphaTest))
        #expect(agreement.looksDifferent, "\(agreement)")
        #expect(agreement.reason == .silhouetteDiffers)
    }

    @Test func doubleSidedAlphaTestShowsTheBackFaceThroughTransparentTexels() throws {
        // Opaque only on the texture's left: Java culls the back face, but Bedrock's `alpha_test`
        // draws it, and its mirrored opaque part shows where the front face is transparent.
        let leftOnly = Textures.image(16, 16) { x, _ in x < 6 ? Textures.red : .clear }
        let doubleSided = try AgreementTests.score(
            JavaModels.cross(texture: leftOnly), javaMethod: .alphaTest, bedrock: Material(texture: leftOnly, renderMethod: .alphaTest))
        #expect(doubleSided.looksDifferent, "\(doubleSided)")
        let singleSided = try AgreementTests.score(
            JavaModels.cross(texture: leftOnly), javaMethod: .alphaTest,
            bedrock: Material(texture: leftOnly, renderMethod: .alphaTestSingleSided))
        #expect(singleSided.overall >= 0.99, "\(singleSided)")
    }

    @Test func mirroredBoxUVFlipsEveryFaceAcross() throws {
        // North's box-UV rectangle is [16, 16]–[32, 32]: red on its left half, blue on its right.
        let atlas = Textures.image(64, 64) { x, _ in x < 24 ? Textures.red : Textures.blue }
        func north(mirror: Bool) throws -> RGBA {
            let text = """
                {"format_version": "1.12.0", "minecraft:geometry": [{"description": {"identifier": "geometry.box",
                "texture_width": 64, "texture_height": 64}, "bones": [{"name": "b", "cubes": [{"origin": [-8, 0, -8],
                "size": [16, 16, 16], "uv": [0, 0], "mirror": \(mirror)}]}]}]}
                """
            let image = PreviewRenderer.render(try BedrockGeometryScene(geometryJSON: text, materials: ["*": Material(texture: atlas)]))
            let point = Camera.project([12, 8, 0])
            return image.pixel(x: Int(point.x), y: Int(point.y))
        }
        #expect(try north(mirror: false) == RGBA(red: 204, green: 0, blue: 0))
        #expect(try north(mirror: true) == RGBA(red: 0, green: 0, blue: 204))
    }
}

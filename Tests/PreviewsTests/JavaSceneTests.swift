import Previews
import Testing

@Suite("Java model rules")
struct JavaSceneTests {
    @Test func modelRulesAreEnforcedWithPreciseErrors() {
        let face = JavaModelScene.Face(texture: Textures.quadrants, rotation: 45)
        #expect(throws: SceneError.invalidElement(index: 0, reason: "north face rotation 45 is not 0, 90, 180 or 270")) {
            try JavaModelScene(elements: [JavaModelScene.Element(from: [0, 0, 0], to: [16, 16, 16], faces: [.north: face])])
        }
        let turn = JavaModelScene.Rotation(origin: [8, 8, 8], axis: .y, angle: 30)
        #expect(throws: SceneError.invalidElement(index: 0, reason: "rotation angle 30.0 is not -45, -22.5, 0, 22.5 or 45")) {
            try JavaModelScene(elements: [JavaModels.box([0, 0, 0], [16, 16, 16], rotation: turn)])
        }
        #expect(throws: SceneError.invalidElement(index: 0, reason: "bound 40.0 is outside -16…32")) {
            try JavaModelScene(elements: [JavaModels.box([0, 0, 0], [40, 16, 16])])
        }
        #expect(throws: SceneError.invalidBlockstateRotation(x: 45, y: 0)) {
            try JavaModelScene(elements: [], blockstateX: 45)
        }
    }

    @Test func moreThanTheElementLimitIsRefused() {
        let many = Array(repeating: JavaModels.fullCube, count: 1_025)
        #expect(throws: SceneError.tooManyElements(count: 1_025, limit: 1_024)) { try JavaModelScene(elements: many) }
    }

    @Test func blockstateYNinetyTurnsTheNorthFaceEast() throws {
        // Only the north face exists: after y=90 it faces east, on the left of the image.
        let north = JavaModelScene.Element(from: [0, 0, 0], to: [16, 16, 16], faces: [.north: JavaModelScene.Face(texture: Textures.quadrants)])
        let image = PreviewRenderer.render(try JavaModelScene(elements: [north], blockstateY: 90))
        let east = Camera.project([16, 8, 8]), northSide = Camera.project([8, 8, 0])
        #expect(image.pixel(x: Int(east.x), y: Int(east.y)).alpha == 255)
        #expect(image.pixel(x: Int(northSide.x), y: Int(northSide.y)).alpha == 0)
    }

    @Test func defaultUVsFollowTheElementBounds() {
        let from: Vector3 = [2, 3, 4], to: Vector3 = [10, 11, 12]
        #expect(JavaFaceLayout.defaultUV(.up, from: from, to: to) == UVRect(2, 4, 10, 12))
        #expect(JavaFaceLayout.defaultUV(.down, from: from, to: to) == UVRect(2, 4, 10, 12))
        #expect(JavaFaceLayout.defaultUV(.north, from: from, to: to) == UVRect(6, 5, 14, 13))
        #expect(JavaFaceLayout.defaultUV(.east, from: from, to: to) == UVRect(4, 5, 12, 13))
    }

    @Test func faceRotationTurnsTheTextureClockwise() {
        let corners = JavaFaceLayout.cornerUVs(UVRect(0, 0, 16, 16), rotation: 90)
        // Corner 0 (top left on a side face) now shows what was at the bottom left.
        #expect(corners[0] == SIMD2(0, 16))
        #expect(corners[3] == SIMD2(0, 0))
    }
}

import Foundation
import Previews
import Testing

@Suite("Reading .geo.json files")
struct GeometryParsingTests {
    static let texture = Material(texture: Textures.quadrants)

    static func scene(_ text: String, hidden: Set<String> = []) throws(GeometryError) -> BedrockGeometryScene {
        try BedrockGeometryScene(geometryJSON: text, materials: ["*": texture], hiddenBones: hidden)
    }

    static func expectError(_ text: String, _ expected: GeometryError, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: expected, sourceLocation: sourceLocation) { try scene(text) }
    }

    static func file(version: String = "1.16.0", bones: String) -> String {
        """
        {"format_version": "\(version)", "minecraft:geometry": [{"description": {"identifier": "geometry.t",
        "texture_width": 16, "texture_height": 16}, "bones": \(bones)}]}
        """
    }

    @Test func malformedJSONIsAPreciseErrorNotACrash() {
        #expect {
            try Self.scene("{\"format_version\": ")
        } throws: { error in
            guard case .malformedJSON = error as? GeometryError else { return false }
            return true
        }
    }

    @Test func deepNestingIsRefusedBeforeParsing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        Self.expectError(deep, .nestedTooDeeply(limit: 64))
    }

    @Test func missingAndMistypedMembersNameTheirPath() {
        Self.expectError("{}", .missing(path: "format_version"))
        Self.expectError(#"{"format_version": "1.8.0"}"#, .unsupportedFormatVersion("1.8.0"))
        Self.expectError(#"{"format_version": "1.16.0"}"#, .missing(path: "minecraft:geometry"))
        Self.expectError(Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [0, 0, 0]}]}]"#),
                         .missing(path: "minecraft:geometry[0].bones[0].cubes[0].size"))
        Self.expectError(Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [0, 0], "size": [1, 1, 1]}]}]"#),
                         .invalid(path: "minecraft:geometry[0].bones[0].cubes[0].origin", reason: "expected 3 numbers, found 2 values"))
        Self.expectError(Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [0, 0, 0], "size": [1, "x", 1]}]}]"#),
                         .invalid(path: "minecraft:geometry[0].bones[0].cubes[0].size[1]", reason: "expected a number"))
        Self.expectError(Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [0, 0, 0], "size": [1, -1, 1]}]}]"#),
                         .invalid(path: "minecraft:geometry[0].bones[0].cubes[0].size[1]", reason: "-1.0 is outside 0.0…4096.0"))
        Self.expectError(Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [0, 0, 0], "size": [1, 1, 1], "uv": {"up": {"uv": [0, 0], "uv_rotation": 45}}}]}]"#),
                         .invalid(path: "minecraft:geometry[0].bones[0].cubes[0].uv.up.uv_rotation", reason: "uv_rotation 45.0 is not a multiple of 90"))
        Self.expectError(#"[1, 2]"#, .invalid(path: "the file", reason: "expected an object"))
    }

    @Test func boneHierarchyErrorsAreNamed() {
        Self.expectError(Self.file(bones: #"[{"name": "a", "parent": "ghost"}]"#), .unknownParent(bone: "a", parent: "ghost"))
        Self.expectError(Self.file(bones: #"[{"name": "a", "parent": "b"}, {"name": "b", "parent": "a"}]"#), .parentCycle(bone: "a"))
        Self.expectError(Self.file(bones: #"[{"name": "a"}, {"name": "a"}]"#), .duplicateBone("a"))
    }

    @Test func moreThanTheCubeLimitIsRefused() {
        let cube = #"{"origin": [0, 0, 0], "size": [1, 1, 1]}"#
        let cubes = Array(repeating: cube, count: 1_025).joined(separator: ",")
        Self.expectError(Self.file(bones: #"[{"name": "a", "cubes": [\#(cubes)]}]"#), .tooManyCubes(count: 1_025, limit: 1_024))
    }

    @Test func geometriesAreChosenByIdentifier() throws {
        let text = Self.file(bones: "[]")
        #expect(try Self.scene(text).identifier == "geometry.t")
        #expect(throws: GeometryError.geometryNotFound(identifier: "geometry.other", available: ["geometry.t"])) {
            try BedrockGeometryScene(geometryJSON: text, identifier: "geometry.other", materials: [:])
        }
    }

    @Test func allThreeFormatVersionsRead() throws {
        for version in ["1.12.0", "1.16.0", "1.21.0"] {
            _ = try Self.scene(Self.file(version: version, bones: #"[{"name": "b", "cubes": [{"origin": [-8, 0, -8], "size": [16, 16, 16], "uv": [0, 0]}]}]"#))
        }
    }

    @Test func hiddenBonesHideTheirChildrenToo() throws {
        let text = Self.file(bones: """
            [{"name": "root", "cubes": [{"origin": [-8, 0, -8], "size": [16, 4, 16], "uv": [0, 0]}]},
             {"name": "top", "parent": "root", "cubes": [{"origin": [-8, 12, -8], "size": [16, 4, 16], "uv": [0, 0]}]}]
            """)
        let everything = PreviewRenderer.render(try Self.scene(text))
        let withoutRoot = PreviewRenderer.render(try Self.scene(text, hidden: ["root"]))
        let withoutTop = PreviewRenderer.render(try Self.scene(text, hidden: ["top"]))
        #expect(withoutRoot.pixels.allSatisfy { $0 == 0 })
        #expect(withoutTop != everything)
        #expect(withoutTop.pixels.contains { $0 != 0 })
    }

    @Test func boneRotationTurnsItsCubesLikeACubeRotation() throws {
        let viaBone = Self.file(bones: #"[{"name": "b", "pivot": [0, 8, 0], "rotation": [0, -22.5, 0], "cubes": [{"origin": [-6, 0, -4], "size": [12, 12, 8], "uv": [0, 0]}]}]"#)
        let viaCube = Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [-6, 0, -4], "size": [12, 12, 8], "pivot": [0, 8, 0], "rotation": [0, -22.5, 0], "uv": [0, 0]}]}]"#)
        #expect(PreviewRenderer.render(try Self.scene(viaBone)) == PreviewRenderer.render(try Self.scene(viaCube)))
    }

    @Test func faceMaterialInstancesFallBackToStar() throws {
        let text = Self.file(bones: #"[{"name": "b", "cubes": [{"origin": [-8, 0, -8], "size": [16, 16, 16], "uv": {"up": {"uv": [16, 16], "uv_size": [-16, -16], "material_instance": "lid"}, "north": {"uv": [0, 0], "uv_size": [16, 16]}}}]}]"#)
        let lid = Material(texture: Textures.image(16, 16) { _, _ in Textures.blue })
        let scene = try BedrockGeometryScene(geometryJSON: text, materials: ["*": Self.texture, "lid": lid])
        let image = PreviewRenderer.render(scene)
        let top = Camera.project([8, 16, 8]), north = Camera.project([12, 12, 0])
        #expect(image.pixel(x: Int(top.x), y: Int(top.y)) == Textures.blue)
        #expect(image.pixel(x: Int(north.x), y: Int(north.y)) == RGBA(red: 204, green: 0, blue: 0))
    }

    @Test func missingMaterialsShowTheMissingTexture() throws {
        let scene = try BedrockGeometryScene.fullBlock(materials: [:])
        let top = Camera.project([4, 16, 4])
        #expect(PreviewRenderer.render(scene).pixel(x: Int(top.x), y: Int(top.y)) == PlaceholderImage.texture.pixel(x: 4, y: 4))
    }

    @Test func boxUVLaysOutTheUnwrappedBox() throws {
        // A 16³ box at uv [0, 0] on a 64×64 texture: up is [16, 0]–[32, 16].
        let atlas = Textures.image(64, 64) { x, y in x >= 16 && x < 32 && y < 16 ? Textures.green : Textures.red }
        let text = """
            {"format_version": "1.16.0", "minecraft:geometry": [{"description": {"identifier": "geometry.box",
            "texture_width": 64, "texture_height": 64}, "bones": [{"name": "b", "cubes": [{"origin": [-8, 0, -8], "size": [16, 16, 16], "uv": [0, 0]}]}]}]}
            """
        let image = PreviewRenderer.render(try BedrockGeometryScene(geometryJSON: text, materials: ["*": Material(texture: atlas)]))
        let top = Camera.project([8, 16, 8]), side = Camera.project([8, 8, 0])
        #expect(image.pixel(x: Int(top.x), y: Int(top.y)) == Textures.green)
        #expect(image.pixel(x: Int(side.x), y: Int(side.y)) == RGBA(red: 204, green: 0, blue: 0))
    }
}

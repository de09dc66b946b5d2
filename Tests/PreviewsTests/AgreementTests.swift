import Previews
import Testing

/// The same model written for Java and, by Blockbench's rule, for Bedrock must render alike.
@Suite("Java and Bedrock renders of the same model agree")
struct AgreementTests {
    static func score(
        _ elements: [JavaModelScene.Element], blockstateX: Int = 0, blockstateY: Int = 0, javaMethod: RenderMethod = .opaque,
        rule: BlockbenchRule = BlockbenchRule(), bedrock material: Material? = nil, transformation: Vector3 = .zero
    ) throws -> Agreement {
        let java = try JavaModelScene(elements: elements, blockstateX: blockstateX, blockstateY: blockstateY, renderMethod: javaMethod)
        let texture = elements.first?.faces.values.first?.texture ?? Textures.quadrants
        let bedrock = try BedrockGeometryScene(
            geometryJSON: rule.geometry(elements), materials: ["main": material ?? Material(texture: texture)],
            rotation: transformation)
        let agreement = Agreement.score(PreviewRenderer.render(java), PreviewRenderer.render(bedrock))
        return agreement
    }

    @Test func fullCubeAgrees() throws {
        let agreement = try Self.score([JavaModels.fullCube])
        #expect(agreement.overall >= 0.99, "\(agreement)")
    }

    @Test func slabAgrees() throws {
        let agreement = try Self.score([JavaModels.slab])
        #expect(agreement.overall >= 0.99, "\(agreement)")
    }

    @Test func faceUVRotationsAgree() throws {
        var element = JavaModels.box([0, 0, 0], [16, 16, 16], texture: Textures.cells)
        for (direction, turn) in [(FaceDirection.up, 90), (.north, 270), (.east, 180), (.down, 90)] {
            element.faces[direction]?.rotation = turn
        }
        element.faces[.north]?.uv = UVRect(2, 0, 14, 16)
        let agreement = try Self.score([element])
        #expect(agreement.overall >= 0.99, "\(agreement)")
    }

    @Test func elementTurnedTwentyTwoAndAHalfDegreesAboutYAgrees() throws {
        let turn = JavaModelScene.Rotation(origin: [8, 8, 8], axis: .y, angle: 22.5)
        let agreement = try Self.score([JavaModels.box([2, 0, 4], [14, 12, 12], texture: Textures.cells, rotation: turn)])
        #expect(agreement.overall >= Agreement.threshold, "\(agreement)")
        #expect(agreement.overall >= 0.97, "\(agreement)")
    }

    @Test func elementsTurnedAboutXAndZAgree() throws {
        for axis in [Axis.x, .z] {
            let turn = JavaModelScene.Rotation(origin: [8, 4, 8], axis: axis, angle: -45)
            let agreement = try Self.score([JavaModels.box([4, 0, 2], [12, 8, 14], texture: Textures.cells, rotation: turn)])
            #expect(agreement.overall >= 0.97, "\(axis): \(agreement)")
        }
    }

    @Test func blockstateYRotationAgreesWithTheTransformationTheEngineWrites() throws {
        // The engine writes Java's y as Bedrock's 360 − y.
        for turn in [90, 180, 270] {
            let agreement = try Self.score(JavaModels.stairs, blockstateY: turn, transformation: [0, Double(360 - turn), 0])
            #expect(agreement.overall >= 0.99, "y=\(turn): \(agreement)")
        }
    }

    @Test func blockstateXRotationAgreesWithTheTransformationTheEngineWrites() throws {
        let agreement = try Self.score(JavaModels.stairs, blockstateX: 90, transformation: [90, 0, 0])
        #expect(agreement.overall >= 0.99, "\(agreement)")
        let both = try Self.score(JavaModels.stairs, blockstateX: 90, blockstateY: 90, transformation: [90, 270, 0])
        #expect(both.overall >= 0.99, "\(both)")
    }

    @Test func stairsAgree() throws {
        let agreement = try Self.score(JavaModels.stairs)
        #expect(agreement.overall >= 0.99, "\(agreement)")
    }

    @Test func alphaTestedCrossAgrees() throws {
        let agreement = try Self.score(
            JavaModels.cross(texture: Textures.plant), javaMethod: .alphaTest,
            bedrock: Material(texture: Textures.plant, renderMethod: .alphaTest))
        #expect(agreement.overall >= Agreement.threshold, "\(agreement)")
        #expect(agreement.overall >= 0.97, "\(agreement)")
    }

    @Test func tintedFacesAgree() throws {
        let grass = RGB(red: 124, green: 189, blue: 107)
        let agreement = try Self.score(
            [JavaModels.box([0, 0, 0], [16, 16, 16], texture: Textures.quadrants, tint: grass)],
            bedrock: Material(texture: Textures.quadrants, tint: grass))
        #expect(agreement.overall >= 0.99, "\(agreement)")
        let untinted = try Self.score(
            [JavaModels.box([0, 0, 0], [16, 16, 16], texture: Textures.quadrants, tint: grass)],
            bedrock: Material(texture: Textures.quadrants))
        #expect(untinted.colour < agreement.colour)
    }
}

/// Convention errors on the Bedrock side must score below the threshold.
@Suite("Agreement catches convention errors")
struct AgreementNegativeTests {
    @Test func forgettingTheXMirrorLooksDifferent() throws {
        let agreement = try AgreementTests.score(JavaModels.stairs, rule: BlockbenchRule(mirrorX: false))
        #expect(agreement.looksDifferent, "\(agreement)")
        #expect(agreement.reason == .silhouetteDiffers)
    }

    @Test func forgettingTheUpFaceFlipLooksDifferent() throws {
        let agreement = try AgreementTests.score([JavaModels.fullCube], rule: BlockbenchRule(flipUpDown: false))
        #expect(agreement.looksDifferent, "\(agreement)")
        #expect(agreement.mask == 1)
        #expect(agreement.reason == .coloursDiffer)
    }

    @Test func turningTheWrongWayLooksDifferent() throws {
        // Java y=90 written as Bedrock y=90 (instead of 270) turns the stairs the other way.
        let agreement = try AgreementTests.score(JavaModels.stairs, blockstateY: 90, transformation: [0, 90, 0])
        #expect(agreement.looksDifferent, "\(agreement)")
    }

    @Test func anEmptySideIsNamed() throws {
        let empty = try JavaModelScene(elements: [])
        let agreement = Agreement.score(
            PreviewRenderer.render(empty), PreviewRenderer.render(try JavaModelScene(elements: [JavaModels.fullCube])))
        #expect(agreement.overall == 0)
        #expect(agreement.reason == .oneSideEmpty)
        let nothing = Agreement.score(PreviewRenderer.render(empty), PreviewRenderer.render(empty))
        #expect(nothing.overall == 1 && nothing.reason == nil)
    }

    @Test func identicalRendersScoreOne() throws {
        let render = PreviewRenderer.render(try JavaModelScene(elements: JavaModels.stairs))
        let agreement = Agreement.score(render, render)
        #expect(agreement.overall == 1 && agreement.reason == nil)
    }
}

import ConversionEngine
import EngineFixtures
import Foundation
import Synchronization
import Testing

/// The engine's AI hook, with an in-memory advisor (pure logic; the real one is the ai-engine,
/// exercised through the stack in Tests/python/test_ai_engine.py).
@Suite("Conversion engine: the advisor hook")
struct AdvisorHookTests {
    /// Records what it was asked and answers one line per class, or fails like an unreachable engine.
    final class RecordingAdvisor: ConversionAdvisor {
        let asked = Mutex<[ClassSummary]>([])
        let unavailable: Bool
        init(unavailable: Bool = false) { self.unavailable = unavailable }

        func advise(_ classes: [ClassSummary], mod: ModMetadata) async -> Advice {
            asked.withLock { $0 = classes }
            if unavailable { return Advice(warnings: ["AI suggestions are unavailable for this conversion (test)"]) }
            return Advice(features: classes.map { summary in
                ConversionReport.Feature(kind: .behaviour, javaID: summary.name.replacingOccurrences(of: "/", with: "."), bedrockID: nil, status: .skipped,
                                         assumption: .init(standIn: "minecraft:custom_components (suggested)", reason: "test", impact: .medium,
                                                           suggestion: .init(kind: "block", confidence: 0.9, classifier: "c@1.0.0", entry: "block-custom-components",
                                                                             entryTitle: "custom components (block)", similarity: 0.71, embedder: "e@1.0.0")))
            })
        }
    }

    static func jar() -> Data {
        let grinder = ClassFileBuilder(name: "com/demo/block/GrinderBlock", superName: "net/minecraft/world/level/block/Block")
        _ = grinder.string("grinder")
        _ = grinder.string("facing")
        let screen = ClassFileBuilder(name: "com/demo/client/GrinderScreen", superName: "net/minecraft/client/gui/screens/Screen")
        let inner = ClassFileBuilder(name: "com/demo/block/GrinderBlock$1")
        let mixin = ClassFileBuilder(name: "com/demo/mixin/LevelMixin")
        return FixtureMod(name: "demo", files: [
            ("fabric.mod.json", Data(#"{"id": "demo", "version": "1.0"}"#.utf8)),
            ("com/demo/block/GrinderBlock.class", grinder.build()), ("com/demo/client/GrinderScreen.class", screen.build()),
            ("com/demo/block/GrinderBlock$1.class", inner.build()), ("com/demo/mixin/LevelMixin.class", mixin.build()),
        ], expected: [:]).jar
    }

    @Test func classesNoRuleCoversGoToTheAdvisorAndItsLinesJoinTheReport() async throws {
        let advisor = RecordingAdvisor()
        let result = try await ConversionEngine(advisor: advisor).convert(jar: Self.jar())
        let asked = advisor.asked.withLock { $0 }
        // The screen has a rule; nested classes and mixins are never asked about.
        #expect(asked.map(\.name) == ["com/demo/block/GrinderBlock"])
        #expect(asked.first?.superName == "net/minecraft/world/level/block/Block")
        #expect(asked.first?.strings == ["grinder", "facing"])
        let line = try #require(result.report.features.first { $0.javaID == "com.demo.block.GrinderBlock" })
        #expect(line.assumption?.suggestion?.similarity == 0.71)
        #expect(result.report.json.contains("\"suggested_by\""))
        #expect(result.report.json.contains("\"similarity\": 0.71") || result.report.json.contains("\"similarity\":0.71"))
        // Without an advisor the same jar reports the screen only.
        let plain = try await ConversionEngine().convert(jar: Self.jar())
        #expect(plain.report.features.filter { $0.kind == .behaviour }.map(\.javaID) == ["com.demo.client.GrinderScreen"])
        #expect(plain.unruledClasses.map(\.name) == ["com/demo/block/GrinderBlock"])
    }

    @Test func anAdvisorThatCannotAnswerCostsAWarningNotTheConversion() async throws {
        let result = try await ConversionEngine(advisor: RecordingAdvisor(unavailable: true)).convert(jar: Self.jar())
        #expect(result.report.warnings.contains { $0.hasPrefix("AI suggestions are unavailable") })
        #expect(!result.report.features.contains { $0.assumption?.suggestion != nil })
    }
}

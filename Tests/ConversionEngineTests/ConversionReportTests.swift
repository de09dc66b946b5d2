import ConversionEngine
import Foundation
import Testing

@Suite("Conversion report")
struct ConversionReportTests {
    let metadata = ModMetadata(loader: .fabric, modID: "gems", name: "Gems <script>alert(1)</script>", version: "1.0")

    var report: ConversionReport {
        ConversionReport(
            metadata: metadata,
            features: [
                .init(kind: .block, javaID: "gems:ruby_block", bedrockID: "gems:ruby_block", status: .converted),
                .init(kind: .block, javaID: "gems:grinder", bedrockID: "gems:grinder", status: .approximated,
                      assumption: .init(standIn: "the block's look, without its machine logic", reason: "tile-entity GUIs do not exist on Bedrock", impact: .high)),
                .init(kind: .recipe, javaID: "=HYPERLINK(\"http://evil\")", bedrockID: nil, status: .skipped,
                      assumption: .init(standIn: "none", reason: "mod-specific recipe type, \"create:crushing\"", impact: .medium)),
                .init(kind: .item, javaID: "gems:ruby", bedrockID: "gems:ruby", status: .failed,
                      assumption: .init(standIn: "none", reason: "texture missing", impact: .low)),
            ],
            warnings: ["<b>lang</b> file unreadable"],
            stageSeconds: [("analyzing", 0.25), ("converting", 1)])
    }

    @Test func countsAndScore() {
        #expect(report.count(.block, .converted) == 1)
        #expect(report.count(.block, .approximated) == 1)
        #expect(report.count(.recipe, .skipped) == 1)
        #expect(report.score == 37.5)
        #expect(!report.nothingToConvert)
        #expect(ConversionReport(metadata: metadata).nothingToConvert)
        #expect(ConversionReport(metadata: metadata).score == 0)
    }

    @Test func jsonIsStableAndReadable() throws {
        let text = report.json
        #expect(text == report.json)
        let parsed = try LenientJSONParser().parse(Array(text.utf8))
        #expect(parsed["totals"]?["block"]?["approximated"] == .number(1))
        #expect(parsed["features"]?.arrayValue?[1]["assumption"]?["impact"] == .string("high"))
        #expect(parsed["stages"]?.members?.map(\.key) == ["analyzing", "converting"])
    }

    @Test func csvNeutralisesFormulasAndQuotes() {
        let lines = report.csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "kind,java_id,bedrock_id,status,stand_in,reason,impact,preview_score,looks_different,preview_reason")
        #expect(lines[3].hasPrefix(#"recipe,"'=HYPERLINK(""http://evil"")",,skipped"#))
        #expect(lines[3].contains(#""mod-specific recipe type, ""create:crushing""""#))
    }

    @Test func htmlEscapesEverythingFromTheMod() {
        let page = report.html
        #expect(!page.contains("<script>"))
        #expect(page.contains("Gems &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&lt;b&gt;lang&lt;/b&gt; file unreadable"))
    }
}

import ConversionEngine
import EngineFixtures
import Foundation
import Testing
import TestSupport

/// The engine checks itself (issue 19): every geometry class of the fidelity fixture is drawn Java
/// beside Bedrock and must look alike, so a regression in the Java→Bedrock convention (a mirrored
/// axis, a flipped UV, a turn the wrong way) fails here.
@Suite("Previews: the engine checks its own geometry")
struct PreviewSelfCheckTests {
    static func converted(_ options: ConversionOptions = ConversionOptions(previews: true)) async throws -> ConversionResult {
        try await ConversionEngine().convert(jar: FixtureMod.fidelity.jar, options: options)
    }

    @Test(arguments: [
        ("marble_plate", "a vanilla parent (pressure plate)"), ("oak_knob", "a vanilla parent with a vanilla texture"),
        ("kiln", "a default state turned a quarter (blockstate y)"), ("tilted_sign", "an element turned 22.5°"),
        ("turned_tile", "face textures turned (uv_rotation)"), ("marble_stairs", "stairs"), ("marble_fence", "multipart"),
        ("marble_wall", "multipart with a post"), ("potted_fern", "crossed planes in a pot"), ("maple_leaves", "tinted faces"),
        ("machine_frame", "a composite model"), ("glow_tiles", "a full cube"),
    ])
    func everyGeometryClassLooksAlikeOnBothSides(block: String, what: String) async throws {
        let result = try await Self.converted()
        let line = try #require(result.report.features.first { $0.kind == .block && $0.javaID == "fidelity:\(block)" })
        let preview = try #require(line.preview, "\(block) has no preview")
        #expect(preview.score >= ConversionReport.previewThreshold, "\(what): \(block) scores \(preview.score) (\(preview.reason ?? ""))")
        #expect(!preview.looksDifferent)
        #expect(result.previews[preview.java] != nil && result.previews[preview.bedrock] != nil)
    }

    @Test func previewsAreDeterministicAndNeverPartOfTheAddon() async throws {
        let first = try await Self.converted()
        let second = try await Self.converted()
        #expect(first.previews == second.previews)
        #expect(first.previews.count > 40)
        #expect(!first.files.keys.contains { $0.contains("preview") })
        let plain = try await ConversionEngine().convert(jar: FixtureMod.fidelity.jar)
        #expect(plain.addon == first.addon, "asking for previews changes nothing in the add-on")
        #expect(plain.previews.isEmpty)
    }

    @Test func aBrokenTextureGivesThePlaceholderAndAReason() async throws {
        let result = try await Self.converted()
        let line = try #require(result.report.features.first { $0.javaID == "fidelity:broken_block" })
        let preview = try #require(line.preview)
        #expect(preview.looksDifferent)
        #expect(preview.reason?.contains("fidelity:block/broken cannot be drawn") == true, "\(preview.reason ?? "")")
        // A block drawn by code has nothing to compare, and says so.
        let chest = try #require(result.report.features.first { $0.javaID == "fidelity:storage_chest" }?.preview)
        #expect(chest.looksDifferent && chest.reason?.contains("drawn by code") == true)
    }

    @Test func previewsAreBoundedAndTheRestIsCounted() async throws {
        var options = ConversionOptions(previews: true)
        options.maxPreviews = 5
        let result = try await Self.converted(options)
        #expect(result.previews.count == 10)
        #expect(result.report.features.filter { $0.preview != nil }.count == 5)
        #expect(result.report.warnings.contains { $0.contains("beyond the first 5 are not drawn") })
    }

    @Test func theReportCarriesTheScoresInJSONCSVAndAnHTMLGrid() async throws {
        let result = try await Self.converted()
        let json = try LenientJSONParser().parse(Data(result.report.previewsJSON.utf8))
        let items = try #require(json["items"]?.arrayValue)
        #expect(items.count == result.report.features.filter { $0.preview != nil }.count)
        #expect(items.allSatisfy { $0["score"]?.numberValue != nil && $0["looks_different"] != nil })
        #expect(result.report.csv.contains(",yes,") || result.report.csv.contains(",no,"))
        let html = result.report.html(previewImages: result.previews)
        #expect(html.contains("Previews, Java beside Bedrock"))
        #expect(html.contains("data:image/png;base64,"))
        #expect(html.contains("looks different"))
    }
}

/// Previews stay bounded on a big mod: the offline converter draws 2,000 blocks within a deadline and
/// a memory ceiling (the ceiling is checked on the largest child this test process has run, an upper
/// bound on this one).
@Suite("Previews of a big mod", .serialized)
struct PreviewBoundsTests {
    @Test func twoThousandBlocksAreDrawnInBoundedTimeAndMemory() async throws {
        let folder = try EngineTestSupport.temporaryFolder("previews-2000")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jar = folder.appendingPathComponent("big.jar")
        try FixtureMod.large(blocks: 2_000, items: 0).jar.write(to: jar)
        let result = try await runProcess(
            EngineTestSupport.conversionBinary,
            ["convert", jar.path, "-o", folder.appendingPathComponent("big.mcaddon").path, "--previews", folder.appendingPathComponent("previews").path],
            timeout: .seconds(600))
        #expect(result.status == 0, "\(result.stderr)")
        let images = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("previews").path).filter { $0.hasSuffix(".png") }
        #expect(images.count == 4_000)
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let peakMiB = usage.ru_maxrss / 1_024
        #expect(peakMiB < 2_048, "peak resident memory \(peakMiB) MiB")
    }
}

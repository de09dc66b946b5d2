import ConversionEngine
import Foundation
import Testing
import TestSupport

@Suite("Pack manifests")
struct PackManifestsTests {
    let metadata = ModMetadata(loader: .forge, modID: "rubymod", name: "Ruby Mod", version: "1.20.1-2.3.4")

    @Test(arguments: [
        ("2.3.4", [3, 3, 4]), ("1.20.1-2.3.4", [3, 3, 4]), ("0.4.0+1.20.1", [1, 4, 0]), ("5", [6, 0, 0]),
        ("${file.jarVersion}", [1, 0, 0]), ("beta", [1, 0, 0]), ("2.3.1-beta.2", [3, 3, 1]), ("1.7.10-1.0", [2, 0, 0]),
    ])
    func packVersionsRiseWithTheModsVersion(version: String, expected: [Int]) {
        #expect(PackManifests.packVersion(from: version) == expected)
    }

    @Test func uuidsAreDeterministicDistinctAndVersion4Shaped() {
        let first = PackManifests(metadata: metadata)
        let again = PackManifests(metadata: metadata)
        #expect(first == again)
        let uuids = [
            first.behaviorPack["header"]?["uuid"], first.behaviorPack["modules"]?.arrayValue?.first?["uuid"],
            first.resourcePack["header"]?["uuid"], first.resourcePack["modules"]?.arrayValue?.first?["uuid"],
        ].compactMap { $0?.stringValue }
        #expect(Set(uuids).count == 4)
        let shape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
        #expect(uuids.allSatisfy { $0.wholeMatch(of: shape) != nil })
        let other = PackManifests(metadata: ModMetadata(loader: .forge, modID: "othermod", name: "", version: "1"))
        #expect(other.behaviorPack["header"]?["uuid"] != first.behaviorPack["header"]?["uuid"])
    }

    @Test func theBehaviorPackDependsOnTheResourcePack() {
        let manifests = PackManifests(metadata: metadata)
        let dependency = manifests.behaviorPack["dependencies"]?.arrayValue?.first?["uuid"]
        #expect(dependency == manifests.resourcePack["header"]?["uuid"])
        #expect(manifests.resourcePack["dependencies"] == nil)
        #expect(manifests.behaviorPack["modules"]?.arrayValue?.first?["type"] == .string("data"))
        #expect(manifests.resourcePack["modules"]?.arrayValue?.first?["type"] == .string("resources"))
        #expect(manifests.behaviorPack["header"]?["min_engine_version"] == .array([.number(1), .number(26), .number(40)]))
    }

    @Test func writtenManifestsAreStableAndPassTheBedrockSchema() async throws {
        let manifests = PackManifests(metadata: metadata)
        let text = JSONWriter.write(manifests.behaviorPack)
        #expect(text == JSONWriter.write(PackManifests(metadata: metadata).behaviorPack))
        #expect(text.contains(#""version": [3, 3, 4]"#))
        #expect(try LenientJSONParser().parse(Array(text.utf8)) == manifests.behaviorPack)

        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let tool = root.deletingLastPathComponent().appendingPathComponent("shared/tools/validate-bedrock").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "shared/ must sit beside the repository")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (pack, value) in [("rubymod_BP", manifests.behaviorPack), ("rubymod_RP", manifests.resourcePack)] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(pack), withIntermediateDirectories: true)
            try JSONWriter.write(value).write(to: folder.appendingPathComponent("\(pack)/manifest.json"), atomically: true, encoding: .utf8)
        }
        let result = try await runProcess(tool, [folder.path])
        let printed = result.stdout + result.stderr
        #expect(result.status == 0, "\(printed)")
        #expect(printed.contains("2 passed, 0 failed"))
    }
}

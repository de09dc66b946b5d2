import ConversionEngine
import EngineFixtures
import Foundation
import Testing
import TestSupport

/// Paths and tools the engine tests share.
enum EngineTestSupport {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared` beside the repository (CI puts it there).
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    /// Reviewed golden add-on trees, one folder per fixture.
    static let golden = root.appendingPathComponent("Tests/ConversionEngineTests/Golden")

    /// The debug `conversion` executable `make test` built.
    static var conversionBinary: String {
        let folder = ProcessInfo.processInfo.environment["BIN_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? root.appendingPathComponent(".build/debug").path
        return URL(fileURLWithPath: folder).appendingPathComponent("conversion").path
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder(_ label: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Runs `shared/tools/validate-bedrock` on a file or folder.
    static func validateBedrock(_ path: String) async throws -> ProcessResult {
        let tool = shared.appendingPathComponent("tools/validate-bedrock").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "shared/ must sit beside the repository")
        return try await runProcess(tool, [path], timeout: .seconds(300))
    }

    /// Writes an add-on and expects `validate-bedrock` to pass on it.
    static func expectValid(_ addon: Data, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let folder = try temporaryFolder("valid-\(label)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(label).mcaddon")
        try addon.write(to: file)
        let validation = try await validateBedrock(file.path)
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)", sourceLocation: sourceLocation)
        #expect(validation.stdout.contains(" 0 failed"), sourceLocation: sourceLocation)
    }

    /// Features per kind and status, for comparing with a fixture's hand-written expectation.
    static func counts(_ report: ConversionReport) -> FixtureMod.Counts {
        var counts: FixtureMod.Counts = [:]
        for feature in report.features { counts[feature.kind, default: [:]][feature.status, default: 0] += 1 }
        return counts
    }
}

import Foundation
import Testing

@testable import ConversionService

/// The artifact store on a real folder: a result with its previews folder lands whole, and a file
/// name that could leave the result's folder is refused before anything is written.
@Suite("Artifact store")
struct ArtifactStoreTests {
    static func store() throws -> (ArtifactStore, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("artifacts-\(UUID().uuidString)")
        return (try ArtifactStore(root: root.path), root)
    }

    static let key = String(repeating: "ab", count: 32)

    @Test func aResultWithItsPreviewsFolderIsStoredWhole() throws {
        let (store, root) = try Self.store()
        defer { try? FileManager.default.removeItem(at: root) }
        try store.storeResult(key: Self.key, files: ["addon.mcaddon": Data("PK".utf8), "report.json": Data("{}".utf8), "previews/block-x-java.png": Data([0x89, 0x50]),
                                                     "previews/block-x-bedrock.png": Data([0x89, 0x51])])
        let folder = try store.resultFolder(Self.key)
        #expect(try Data(contentsOf: folder.appendingPathComponent("previews/block-x-bedrock.png")) == Data([0x89, 0x51]))
        #expect(store.hasResult(Self.key))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }

    @Test(arguments: ["../escape.png", "previews/../../escape.png", "/etc/passwd", "a/b/c.png", "previews/", "", "previews/x y.png", "previews/..", "é.png"])
    func aNameThatCouldLeaveTheFolderIsRefused(name: String) throws {
        let (store, root) = try Self.store()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: ArtifactStore.InvalidName.self) { try store.storeResult(key: Self.key, files: ["addon.mcaddon": Data(), name: Data([1])]) }
        #expect(!store.hasResult(Self.key))
        #expect(!FileManager.default.fileExists(atPath: root.deletingLastPathComponent().appendingPathComponent("escape.png").path))
    }
}

import ConversionEngine
import Foundation
import Testing
import ZIPFoundation

/// Builds zip archives in memory, hostile ones included.
enum ZipFixture {
    static func make(_ files: [(String, Data)], compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in files {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func text(_ value: String) -> Data { Data(value.utf8) }
}

@Suite("Reading jars safely")
struct JarArchiveTests {
    @Test func readsEntriesOfAnOrdinaryJar() throws {
        let data = try ZipFixture.make([
            ("META-INF/mods.toml", ZipFixture.text("modLoader=\"javafml\"")),
            ("assets/example/lang/en_us.json", ZipFixture.text(#"{"block.example.ruby": "Ruby"}"#)),
        ])
        let jar = try JarArchive(data: data)
        #expect(jar.entryNames == ["META-INF/mods.toml", "assets/example/lang/en_us.json"])
        #expect(jar.contains("META-INF/mods.toml"))
        #expect(try jar.read("assets/example/lang/en_us.json") == ZipFixture.text(#"{"block.example.ruby": "Ruby"}"#))
        #expect(throws: JarError.missingEntry("nope")) { try jar.read("nope") }
    }

    @Test func somethingThatIsNotAZipIsRefused() {
        #expect(throws: JarError.notAZip) { try JarArchive(data: Data("not a jar at all, just text".utf8)) }
        #expect(throws: JarError.notAZip) { try JarArchive(data: Data()) }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(Data(repeating: 0, count: 100))
        #expect(throws: JarError.notAZip) { try JarArchive(data: png) }
    }

    @Test func aTruncatedZipIsRefused() throws {
        let data = try ZipFixture.make([("a.txt", Data(repeating: 65, count: 5000))], compression: .none)
        #expect(throws: JarError.notAZip) { try JarArchive(data: data.prefix(data.count / 2)) }
    }

    @Test(arguments: [
        "../evil.txt", "assets/../../evil.txt", "/etc/passwd", "C:/windows/evil.dll", "c:evil",
        "assets\\..\\evil.txt", "nul\u{0}byte.txt", "line\nbreak.txt", "double//slash.txt",
    ])
    func entryNamesThatCouldEscapeAreRefused(name: String) throws {
        let data = try ZipFixture.make([("ok.txt", ZipFixture.text("fine")), (name, ZipFixture.text("evil"))])
        #expect {
            try JarArchive(data: data)
        } throws: { error in
            guard case JarError.unsafeEntryName(_, let rule) = error else { return false }
            return !rule.isEmpty && !"\(error)".contains("\n")
        }
    }

    @Test func duplicateEntriesAreRefused() throws {
        let data = try ZipFixture.make([("a.json", ZipFixture.text("{}")), ("a.json", ZipFixture.text("[]"))])
        #expect(throws: JarError.duplicateEntry("a.json")) { try JarArchive(data: data) }
    }

    @Test func aZipBombIsRefusedBeforeAnythingIsInflated() throws {
        // 64 MiB of zeros deflates to ~64 KiB: a ratio near 1000×.
        let data = try ZipFixture.make([("bomb.bin", Data(count: 64 << 20))])
        #expect(data.count < 1 << 20)
        #expect {
            try JarArchive(data: data)
        } throws: { error in
            guard case JarError.suspiciousCompression(let entry, let ratio, 100) = error else { return false }
            return entry == "bomb.bin" && ratio > 100
        }
    }

    @Test func entryCountAndTotalSizeLimitsHold() throws {
        let many = try ZipFixture.make((0..<12).map { ("f\($0).txt", ZipFixture.text("x")) })
        #expect(throws: JarError.tooManyEntries(limit: 10)) { try JarArchive(data: many, limits: JarLimits(maxEntries: 10)) }

        let big = try ZipFixture.make([("a.bin", Data(repeating: 1, count: 3000)), ("b.bin", Data(repeating: 2, count: 3000))], compression: .none)
        #expect(throws: JarError.tooLarge(declared: 6000, limit: 5000)) {
            try JarArchive(data: big, limits: JarLimits(maxTotalUncompressed: 5000))
        }
        #expect(throws: JarError.entryTooLarge(entry: "a.bin", limit: 2000)) {
            try JarArchive(data: big, limits: JarLimits(maxEntrySize: 2000))
        }
    }

    @Test func corruptEntryDataIsReportedForThatEntry() throws {
        let payload = Data((0..<4000).map { UInt8($0 % 251) })
        var data = try ZipFixture.make([("data.bin", payload)], compression: .none)
        // Flip bytes inside the stored data (after the 30-byte local header and the name).
        let start = 30 + "data.bin".utf8.count + 100
        for index in start..<(start + 50) { data[index] ^= 0xFF }
        let jar = try JarArchive(data: data)
        #expect {
            try jar.read("data.bin")
        } throws: { error in
            guard case JarError.unreadableEntry("data.bin", let reason) = error else { return false }
            return reason == "checksum mismatch"
        }
    }

    @Test func anEntryThatInflatesPastItsDeclaredSizeIsStopped() throws {
        var data = try ZipFixture.make([("liar.txt", Data(repeating: 66, count: 50_000))])
        // Rewrite the declared uncompressed size (local header offset 22, central header offset 24) to 10.
        func patch(signature: [UInt8], sizeOffset: Int) {
            guard let range = data.firstRange(of: Data(signature)) else { return }
            let at = range.lowerBound + sizeOffset
            data.replaceSubrange(at..<(at + 4), with: [10, 0, 0, 0])
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], sizeOffset: 22)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], sizeOffset: 24)
        let jar = try JarArchive(data: data)
        #expect {
            try jar.read("liar.txt")
        } throws: { error in
            if case JarError.entryTooLarge("liar.txt", 10) = error { return true }
            if case JarError.unreadableEntry("liar.txt", _) = error { return true }
            return false
        }
    }
}

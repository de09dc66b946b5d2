import ConversionEngine
import Foundation

/// A hostile or broken upload, and the words its refusal must contain.
public struct HostileFixture: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The whole jar is refused (CLI exit 1); the error mentions every fragment.
        case refused([String])
        /// The jar converts, but one feature of `kind` fails with a reason mentioning every fragment (CLI exit 3).
        case featureFails(ConversionReport.Kind, [String])
    }

    public let name: String
    public let jar: Data
    public let outcome: Outcome
}

extension HostileFixture {
    static let metadata = ("fabric.mod.json", Make.text(#"{"schemaVersion": 1, "id": "hostile", "version": "1.0.0"}"#))

    static func jar(_ files: [(String, Data)], compress: Bool = true) -> Data {
        var writer = ZipWriter()
        for (path, data) in files { writer.add(path, data, compress: compress) }
        return writer.finish()
    }

    /// Every hostile input CONVERSION.md lists.
    public static let all: [HostileFixture] = {
        var fixtures: [HostileFixture] = [
            HostileFixture(name: "not-a-zip", jar: Make.text("this is a text file, not a jar"), outcome: .refused(["not a zip"])),
            HostileFixture(name: "truncated", jar: jar([metadata, ("assets/hostile/lang/en_us.json", Data(repeating: 65, count: 4000))], compress: false).prefix(3000),
                           outcome: .refused(["not a zip"])),
            HostileFixture(name: "zip-slip-parent", jar: jar([metadata, ("assets/../../evil.txt", Make.text("x"))]), outcome: .refused(["assets/../../evil.txt", "(..)"])),
            HostileFixture(name: "zip-slip-absolute", jar: jar([metadata, ("/tmp/evil.txt", Make.text("x"))]), outcome: .refused(["/tmp/evil.txt", "absolute path"])),
            HostileFixture(name: "zip-slip-drive", jar: jar([metadata, ("C:/evil.txt", Make.text("x"))]), outcome: .refused(["C:/evil.txt", "drive letter"])),
            HostileFixture(name: "zip-slip-nul", jar: jar([metadata, ("evil\u{0}.txt", Make.text("x"))]), outcome: .refused(["NUL"])),
            HostileFixture(name: "zip-bomb-ratio", jar: jar([metadata, ("assets/hostile/bomb.bin", Data(count: 32 << 20))]), outcome: .refused(["assets/hostile/bomb.bin", "zip bomb"])),
            HostileFixture(name: "zip-bomb-entries", jar: jar([metadata] + (0...100_000).map { ("f/\($0)", Data()) }), outcome: .refused(["more than 100000 entries"])),
            HostileFixture(name: "zip-bomb-total", jar: declaredTotal(), outcome: .refused(["unpacks to", "1073741824"])),
            HostileFixture(name: "duplicate-entries", jar: jar([metadata, ("a.json", Make.text("{}")), ("a.json", Make.text("[]"))]), outcome: .refused(["a.json", "twice"])),
            HostileFixture(name: "invalid-utf8-name", jar: invalidName(), outcome: .refused(["not valid UTF-8"])),
            HostileFixture(name: "nested-too-deep", jar: nested(depth: 4), outcome: .refused(["nests archives deeper than 3"])),
            HostileFixture(name: "class-bad-magic", jar: jar([metadata, ("com/hostile/Bad.class", Data([0xCA, 0xFE, 0xBA, 0xBF, 0, 0, 0, 52, 0, 1]))]),
                           outcome: .featureFails(.behaviour, ["com/hostile/Bad.class", "bad magic"])),
            HostileFixture(name: "class-pool-past-end", jar: jar([metadata, ("com/hostile/Pool.class", poolPastEnd())]),
                           outcome: .featureFails(.behaviour, ["com/hostile/Pool.class", "points to 40", "past the pool"])),
            HostileFixture(name: "json-truncated", jar: jar([metadata, ("assets/hostile/blockstates/cut.json", Make.text(#"{"variants": {"": {"model": "hostile:block/cut""#))]),
                           outcome: .featureFails(.block, ["assets/hostile/blockstates/cut.json", "line 1"])),
            HostileFixture(name: "json-deeply-nested", jar: jar([metadata, ("assets/hostile/blockstates/deep.json", Make.text(String(repeating: "[", count: 100_000)))]),
                           outcome: .featureFails(.block, ["assets/hostile/blockstates/deep.json", "nest"])),
            HostileFixture(name: "json-50mb-whitespace", jar: jar([metadata, ("assets/hostile/blockstates/blank.json", Data(repeating: 0x20, count: 50 << 20))], compress: false),
                           outcome: .featureFails(.block, ["assets/hostile/blockstates/blank.json", "bytes"])),
            HostileFixture(name: "png-not-a-png", jar: jar([metadata, ("assets/hostile/textures/block/fake.png", Make.text("GIF89a pretending"))]),
                           outcome: .featureFails(.texture, ["assets/hostile/textures/block/fake.png", "not a PNG"])),
        ]
        fixtures.sort { $0.name < $1.name }
        return fixtures
    }()

    /// Five stored entries whose central directory claims 250 MB each (compressed sizes claim 5 MB:
    /// a 50× ratio, so the total is what trips).
    static func declaredTotal() -> Data {
        var data = jar([metadata] + (0..<5).map { ("big\($0).bin", Data(repeating: UInt8($0), count: 100)) }, compress: false)
        var search = data.startIndex
        let signature = Data([0x50, 0x4B, 0x01, 0x02])
        while let range = data.range(of: signature, in: search..<data.endIndex) {
            let nameLength = Int(data[range.lowerBound + 28]) | Int(data[range.lowerBound + 29]) << 8
            let name = String(decoding: data[(range.lowerBound + 46)..<(range.lowerBound + 46 + nameLength)], as: UTF8.self)
            if name.hasPrefix("big") {
                let uncompressed = UInt32(250_000_000)
                let compressed = UInt32(5_000_000)
                for (offset, value) in [(20, compressed), (24, uncompressed)] {
                    for byte in 0..<4 { data[range.lowerBound + offset + byte] = UInt8((value >> (8 * UInt32(byte))) & 0xFF) }
                }
            }
            search = range.upperBound
        }
        return data
    }

    /// An entry name with a byte sequence that is not UTF-8.
    static func invalidName() -> Data {
        var data = jar([metadata, ("bad-XX.txt", Make.text("x"))])
        for (index, byte) in data.enumerated() where byte == UInt8(ascii: "X") { data[data.startIndex + index] = 0xFF }
        return data
    }

    /// A jar holding a jar holding … `depth` levels.
    static func nested(depth: Int) -> Data {
        var inner = jar([("deepest.txt", Make.text("bottom"))])
        for level in (1..<depth).reversed() {
            inner = jar([("META-INF/jarjar/level\(level).jar", inner)] + (level == 1 ? [] : []))
        }
        return jar([metadata, ("META-INF/jarjar/level0.jar", inner)])
    }

    /// A class file whose only constant (a Class) points to entry 40 of a 2-entry pool.
    static func poolPastEnd() -> Data {
        Data([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 3, 7, 0, 40, 1, 0, 1, 65, 0, 0x21, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }
}

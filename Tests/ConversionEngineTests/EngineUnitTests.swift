@testable import ConversionEngine
import EngineFixtures
import Foundation
import Testing

@Suite("Class files")
struct ClassFileTests {
    @Test func aBuiltClassParsesWithItsNamesAndCode() throws {
        let builder = ClassFileBuilder(name: "com/example/Blocks", superName: "net/minecraft/world/level/block/Block")
        builder.method("<init>", "()V") { code in
            code.aload0()
            code.ldc(Float(2.5))
            code.invokevirtual("net/minecraft/block/Block", "func_149711_c", "(F)Lnet/minecraft/block/Block;")
            code.pop()
            code.returnVoid()
        }
        let file = try ClassFile([UInt8](builder.build()))
        #expect(file.name == "com/example/Blocks")
        #expect(file.superName == "net/minecraft/world/level/block/Block")
        #expect(file.methods.map(\.name) == ["<init>"])
        #expect(file.methods[0].code.first == 0x2A)
    }

    @Test(arguments: [
        ([UInt8]([0xCA, 0xFE]), "truncated"),
        ([0xDE, 0xAD, 0xBE, 0xEF, 0, 0, 0, 52, 0, 1], "bad magic"),
        ([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 2, 99], "unknown constant-pool tag 99"),
        ([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 2, 7, 0, 9], "points to 9"),
        ([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 2, 1, 0, 200, 65], "truncated"),
    ])
    func brokenClassFilesAreRefusedWithTheRule(bytes: [UInt8], fragment: String) {
        #expect {
            try ClassFile(bytes)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test func instructionLengthsCoverSwitchesAndWide() {
        // tableswitch at 0: padding to 4, default, low 0, high 1, two offsets → 1 + 3 + 12 + 8 = 24.
        let table: [UInt8] = [0xAA, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        #expect(BytecodeAnalyzer.length(table, at: 0) == 24)
        #expect(BytecodeAnalyzer.length([0xC4, 0x84, 0, 1, 0, 1], at: 0) == 6)
        #expect(BytecodeAnalyzer.length([0xC4, 0x15, 0, 1], at: 0) == 4)
        #expect(BytecodeAnalyzer.length([0xFE], at: 0) == nil)
    }

    @Test func propertiesFollowLambdasAndStaticFields() throws {
        let classes = FixtureMod.forge120.files.filter { $0.0.hasSuffix(".class") }.map { ($0.0, [UInt8]($0.1)) }
        let analyzer = BytecodeAnalyzer(classes: classes, known: ["sapphire_block", "sapphire_apple", "sapphire_sword", "glowing_flower"], namespaces: ["gemcraft"])
        #expect(analyzer.properties["sapphire_block"] == [.hardness: 5, .resistance: 6])
        #expect(analyzer.properties["glowing_flower"] == [.hardness: 0, .resistance: 0])
        #expect(analyzer.properties["sapphire_sword"] == [.durability: 1200])
        #expect(analyzer.properties["sapphire_apple"]?[.nutrition] == 5)
        #expect(analyzer.properties["sapphire_apple"]?[.stackSize] == 16)
        #expect(abs((analyzer.properties["sapphire_apple"]?[.saturation] ?? 0) - 1.2) < 1e-6)
        #expect(analyzer.failures.isEmpty)
    }
}

@Suite("Geometry and images")
struct GeometryAndImageTests {
    @Test func elementsFollowBlockbenchsConvention() throws {
        let element = try #require(ModelElement(try LenientJSONParser().parse(Array("""
            {"from": [2, 0, 4], "to": [14, 8, 12], "rotation": {"origin": [8, 4, 8], "axis": "y", "angle": 22.5},
             "faces": {"up": {"texture": "#top", "uv": [0, 0, 12, 8]}, "north": {"texture": "#side", "rotation": 90}}}
            """.utf8))))
        let output = GeometryBuilder.build(identifier: "geometry.test.x", elements: [element])
        let cube = try #require(output.file["minecraft:geometry"]?.arrayValue?.first?["bones"]?.arrayValue?.first?["cubes"]?.arrayValue?.first)
        #expect(cube["origin"] == .array([.number(-6), .number(0), .number(-4)]))
        #expect(cube["size"] == .array([.number(12), .number(8), .number(8)]))
        #expect(cube["pivot"] == .array([.number(0), .number(4), .number(0)]))
        #expect(cube["rotation"] == .array([.number(0), .number(-22.5), .number(0)]))
        // Up faces are flipped: the UV starts at the far corner with a negative size.
        #expect(cube["uv"]?["up"]?["uv"] == .array([.number(12), .number(8)]))
        #expect(cube["uv"]?["up"]?["uv_size"] == .array([.number(-12), .number(-8)]))
        #expect(cube["uv"]?["north"]?["uv_rotation"] == .number(90))
        #expect(output.file["format_version"] == .string("1.21.0"))
        #expect(output.instances == ["#side", "#top"], "faces name their instance as the caller wrote them")
        #expect(output.scale == nil)
    }

    @Test func modelsLargerThanBedrocksLimitAreScaled() {
        let big = ModelElement(from: [-16, 0, -16], to: [32, 48, 32], faces: ["north": "all"])
        #expect(GeometryBuilder.fitScale([big]) < 1)
        let output = GeometryBuilder.build(identifier: "geometry.test.big", elements: [big])
        #expect(output.bounds.size.allSatisfy { $0 <= 30.001 })
    }

    @Test func theFirstFrameOfAStripIsCropped() throws {
        let strip = PNGImage.solid(width: 16, height: 64, red: 10, green: 20, blue: 30)
        let frame = try #require(PNGImage.cropTop(strip, rows: 16))
        let image = try PNGImage(frame)
        #expect(image.width == 16 && image.height == 16)
        #expect(PNGImage.cropTop(Data("not a png".utf8), rows: 16) == nil)
        #expect(throws: PNGImage.FormatError.self) { try PNGImage(Data("GIF89a".utf8)) }
    }

    @Test func theZipWriterIsDeterministicAndReadable() throws {
        var first = ZipWriter()
        var second = ZipWriter()
        for writer in [0, 1] {
            for index in 0..<20 {
                let data = Data(String(repeating: "entry \(index) ", count: 50).utf8)
                if writer == 0 { first.add("folder/\(index).txt", data) } else { second.add("folder/\(index).txt", data) }
            }
        }
        #expect(first.finish() == second.finish())
        let jar = try JarArchive(data: first.finish())
        #expect(jar.entryNames.count == 20)
        #expect(try jar.read("folder/3.txt") == Data(String(repeating: "entry 3 ", count: 50).utf8))
    }

    @Test func entriesCompressedInParallelGiveTheSameArchiveByteForByte() throws {
        // Text that deflates, noise that does not, tiny and empty entries, in a fixed order.
        var state: UInt64 = 42
        let entries: [(name: String, contents: Data)] = (0..<60).map { index in
            let size = [0, 10, 65, 4_000, 70_000][index % 5]
            let bytes: [UInt8] = index % 2 == 0
                ? Array(String(repeating: "block \(index) ", count: size / 8 + 1).utf8.prefix(size))
                : (0..<size).map { _ in state = state &* 6_364_136_223_846_793_005 &+ 1; return UInt8(truncatingIfNeeded: state >> 56) }
            return ("p/\(index).bin", Data(bytes))
        }
        var sequential = ZipWriter()
        for entry in entries { sequential.add(entry.name, entry.contents) }
        for threads in [1, 2, 4] {
            var parallel = ZipWriter()
            parallel.add(contentsOf: entries, parallelism: threads)
            #expect(parallel.finish() == sequential.finish(), "\(threads) threads")
        }
    }

    @Test func aConversionOnSeveralThreadsWritesTheSameAddOnAsOnOne() async throws {
        let jar = FixtureMod.large(blocks: 120, items: 40).jar
        var one = ConversionOptions(previews: true)
        one.parallelism = 1
        var two = ConversionOptions(previews: true)
        two.parallelism = 2
        let single = try await ConversionEngine().convert(jar: jar, options: one)
        let several = try await ConversionEngine().convert(jar: jar, options: two)
        #expect(single.addon == several.addon)
        #expect(single.previews == several.previews)
        #expect(single.addon.count > 10_000)
    }
}

@Suite("Vanilla ids")
struct VanillaItemTests {
    @Test func javaIdsMapToBedrockIncludingLegacyDataValues() {
        #expect(VanillaItems.bedrock(forJava: "minecraft:cobweb")?.identifier == "minecraft:web")
        #expect(VanillaItems.bedrock(forJava: "minecraft:dirt_path")?.identifier == "minecraft:grass_path")
        #expect(VanillaItems.bedrock(forJava: "minecraft:stone")?.identifier == "minecraft:stone")
        #expect(VanillaItems.flattened(legacy: "minecraft:dye", data: 4) == "minecraft:lapis_lazuli")
        #expect(VanillaItems.flattened(legacy: "minecraft:wool", data: 14) == "minecraft:red_wool")
        #expect(VanillaItems.flattened(legacy: "minecraft:web", data: nil) == "minecraft:cobweb")
        #expect(VanillaItems.flattened(legacy: "minecraft:dye", data: 99) == nil)
        #expect(VanillaItems.map.count == 1505)
    }
}

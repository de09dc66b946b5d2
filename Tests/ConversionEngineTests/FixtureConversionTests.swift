import ConversionEngine
import EngineFixtures
import Foundation
import Testing
import TestSupport

/// The era fixtures, end to end: converted, schema-validated, cross-referenced, counted against the
/// hand-written expectations, and compared with the reviewed golden trees. Serialized: the work is
/// CPU-bound, and on two cores running it in parallel only starves the other suites.
@Suite("Converting the era fixtures", .serialized)
struct FixtureConversionTests {
    static let names = FixtureMod.eras.map(\.name)

    static func fixture(_ name: String) throws -> FixtureMod {
        try #require(FixtureMod.eras.first { $0.name == name })
    }

    @Test(arguments: names)
    func convertsToAValidAddonWithTheExpectedCounts(name: String) async throws {
        let fixture = try Self.fixture(name)
        let result = try await ConversionEngine().convert(jar: fixture.jar)
        #expect(result.crossReferenceProblems.isEmpty, "\(result.crossReferenceProblems)")
        #expect(EngineTestSupport.counts(result.report) == fixture.expected, "\(result.report.features.map { "\($0.kind.rawValue) \($0.javaID) \($0.status.rawValue) \($0.assumption?.reason ?? "")" })")

        try await EngineTestSupport.expectValid(result.addon, name)
    }

    @Test(arguments: names)
    func theAddonEqualsItsGoldenTree(name: String) async throws {
        let fixture = try Self.fixture(name)
        let result = try await ConversionEngine().convert(jar: fixture.jar)
        let folder = EngineTestSupport.golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MODPORTER_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: folder)
            for (path, data) in result.files {
                let file = folder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file)
            }
        }
        try #require(FileManager.default.fileExists(atPath: folder.path), "no golden tree for \(name) (MODPORTER_UPDATE_GOLDEN=1 writes it; review it)")
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]))
        var golden: [String: Data] = [:]
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            golden[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        #expect(golden.keys.sorted() == result.files.keys.sorted())
        for (path, data) in result.files.sorted(by: { $0.key < $1.key }) {
            #expect(golden[path] == data, "\(path) differs from the golden tree (MODPORTER_UPDATE_GOLDEN=1 rewrites it; review the diff)")
        }
    }

    @Test func theSameJarGivesTheSameBytesInProcess() async throws {
        let jar = FixtureMod.forge120.jar
        let first = try await ConversionEngine().convert(jar: jar)
        let second = try await ConversionEngine().convert(jar: jar)
        #expect(first.addon == second.addon)
        #expect(first.report.json.count > 100)
    }

    @Test func registrationCodeUnderObfuscatedNamesSetsBlockAndItemProperties() async throws {
        func component(_ result: ConversionResult, _ path: String, _ keys: String...) throws -> JSONValue? {
            var value: JSONValue? = try LenientJSONParser().parse(try #require(result.files[path]))
            for key in keys { value = value?[key] }
            return value
        }
        // 1.12 SRG: setHardness(0.3), setResistance(2.5) → 1.5, setLightLevel(1.0) → 15.
        let legacy = try await ConversionEngine().convert(jar: FixtureMod.forge112.jar)
        let lamp = "rubymod_BP/blocks/rubymod/ruby_lamp.json"
        #expect(try component(legacy, lamp, "minecraft:block", "components", "minecraft:light_emission") == .number(15))
        #expect(try component(legacy, lamp, "minecraft:block", "components", "minecraft:destructible_by_explosion", "explosion_resistance") == .number(1.5))
        #expect(try component(legacy, lamp, "minecraft:block", "components", "minecraft:destructible_by_mining", "seconds_to_destroy") == .number(0.45))
        // Forge 1.20 SRG in lambdas: strength(5, 6); durability 1200; food through a static field; stacksTo 16.
        let forge = try await ConversionEngine().convert(jar: FixtureMod.forge120.jar)
        #expect(try component(forge, "gemcraft_BP/blocks/gemcraft/sapphire_block.json", "minecraft:block", "components", "minecraft:destructible_by_explosion", "explosion_resistance") == .number(6))
        #expect(try component(forge, "gemcraft_BP/items/gemcraft/sapphire_sword.json", "minecraft:item", "components", "minecraft:durability", "max_durability") == .number(1200))
        #expect(try component(forge, "gemcraft_BP/items/gemcraft/sapphire_apple.json", "minecraft:item", "components", "minecraft:food", "nutrition") == .number(5))
        #expect(try component(forge, "gemcraft_BP/items/gemcraft/sapphire_apple.json", "minecraft:item", "components", "minecraft:max_stack_size") == .number(16))
        // Fabric intermediary: method_9629(1.5, 6), method_7895(250).
        let fabric = try await ConversionEngine().convert(jar: FixtureMod.fabric120.jar)
        #expect(try component(fabric, "amethystplus_BP/blocks/amethystplus/amethyst_bricks.json", "minecraft:block", "components", "minecraft:destructible_by_mining", "seconds_to_destroy") == .number(2.25))
        #expect(try component(fabric, "amethystplus_BP/items/amethystplus/amethyst_chisel.json", "minecraft:item", "components", "minecraft:durability", "max_durability") == .number(250))
        // A block whose hardness the code does not give keeps the default, said in its notes.
        let lampNotes = fabric.report.features.first { $0.javaID == "amethystplus:amethyst_lamp" }?.notes ?? []
        #expect(lampNotes.contains { $0.contains("hardness not found") })
    }

    @Test func vanillaIdsAreTranslatedAndTheCrossReferenceCheckCatchesBreakage() async throws {
        let fabric = try await ConversionEngine().convert(jar: FixtureMod.fabric120.jar)
        let cobweb = String(decoding: try #require(fabric.files["amethystplus_BP/recipes/amethystplus/cobweb.json"]), as: UTF8.self)
        #expect(cobweb.contains(#""item": "minecraft:web""#))
        // Remove a texture the blocks use: the check names the broken reference.
        var resource: [String: Data] = [:]
        var behavior: [String: Data] = [:]
        for (path, data) in fabric.files {
            if path.hasPrefix("amethystplus_RP/") { resource[String(path.dropFirst(16))] = data } else { behavior[String(path.dropFirst(16))] = data }
        }
        #expect(CrossReferenceCheck.run(behavior: behavior, resource: resource).isEmpty)
        resource["textures/blocks/amethystplus/amethyst_bricks.png"] = nil
        resource["texts/en_US.lang"] = Data("nothing=here\n".utf8)
        let problems = CrossReferenceCheck.run(behavior: behavior, resource: resource)
        #expect(problems.contains { $0.message.contains("amethyst_bricks.png is not in the pack") })
        #expect(problems.contains { $0.bedrockID == "amethystplus:amethyst_lamp" && $0.message.contains("tile.amethystplus:amethyst_lamp.name") })
    }

    @Test func aJarWithNothingConvertibleStillGivesAValidAddon() async throws {
        let result = try await ConversionEngine().convert(jar: FixtureMod.forge1710.jar)
        #expect(result.report.count(.block, .converted) == 0)
        #expect(result.files["oldores_RP/texts/de_DE.lang"] != nil)
        #expect(result.files["oldores_RP/textures/blocks/oldores/copper_ore.png"] != nil)
        let empty = try await ConversionEngine().convert(jar: FixtureMod(name: "empty", files: [("fabric.mod.json", Data(#"{"id": "empty", "version": "1.0"}"#.utf8))], expected: [:]).jar)
        #expect(empty.report.nothingToConvert)
        #expect(empty.crossReferenceProblems.isEmpty)
        try await EngineTestSupport.expectValid(empty.addon, "empty")
    }

    @Test func aTypicalLargeContentModConvertsEveryBlockItemAndRecipe() async throws {
        let fixture = FixtureMod.large(blocks: 60, items: 30)
        let result = try await ConversionEngine().convert(jar: fixture.jar)
        #expect(result.crossReferenceProblems.isEmpty)
        #expect(EngineTestSupport.counts(result.report) == fixture.expected)
        #expect(result.files.keys.filter { $0.hasPrefix("bigmod_BP/blocks/") }.count == 60)
        #expect(result.files.keys.filter { $0.hasPrefix("bigmod_BP/items/") }.count == 30)
        #expect(result.files.keys.filter { $0.hasPrefix("bigmod_BP/recipes/") }.count == 60)
        try await EngineTestSupport.expectValid(result.addon, "large")
    }
}

import ConversionEngine
import Foundation

extension FixtureMod {
    /// A typical large content mod for the benchmark: `blocks` blocks (blockstate, model, 64×64
    /// texture, loot table, recipe) and `items` items (model, texture), about 4 MB and 1,000 assets
    /// with the defaults. Textures are noise, so they do not compress: the jar is as big as it says.
    public static func large(blocks: Int = 200, items: Int = 100) -> FixtureMod {
        var random = SplitMix(seed: 42)
        func noise(_ side: Int) -> Data {
            var pixels = Data(count: side * side * 3)
            for index in pixels.indices { pixels[index] = UInt8(truncatingIfNeeded: random.next()) }
            return PNGImage.rgb(width: side, height: side, pixels: pixels)
        }
        let ns = "bigmod"
        var files: [(String, Data)] = [
            ("META-INF/mods.toml", Make.text("modLoader=\"javafml\"\nloaderVersion=\"[47,)\"\nlicense=\"MIT\"\n[[mods]]\nmodId=\"bigmod\"\nversion=\"5.1.0\"\ndisplayName=\"Big Mod\"\n")),
        ]
        var lang: [String] = []
        for index in 0..<blocks {
            let name = "block_\(index)"
            files.append(("assets/\(ns)/blockstates/\(name).json", Make.single("\(ns):block/\(name)")))
            files.append(("assets/\(ns)/models/block/\(name).json", Make.cubeAll("\(ns):block/\(name)")))
            files.append(("assets/\(ns)/textures/block/\(name).png", noise(64)))
            files.append(("data/\(ns)/loot_tables/blocks/\(name).json", Make.text(#"{"type": "minecraft:block", "pools": [{"rolls": 1, "entries": [{"type": "minecraft:item", "name": "\#(ns):\#(name)"}]}]}"#)))
            files.append(("data/\(ns)/recipes/\(name).json", Make.text(##"{"type": "minecraft:crafting_shaped", "pattern": ["XX", "XX"], "key": {"X": {"item": "minecraft:cobblestone"}}, "result": {"item": "\##(ns):\##(name)", "count": 4}}"##)))
            lang.append(#""block.\#(ns).\#(name)": "Block \#(index)""#)
        }
        for index in 0..<items {
            let name = "item_\(index)"
            files.append(("assets/\(ns)/models/item/\(name).json", Make.generated("\(ns):item/\(name)")))
            files.append(("assets/\(ns)/textures/item/\(name).png", noise(64)))
            lang.append(#""item.\#(ns).\#(name)": "Item \#(index)""#)
        }
        files.append(("assets/\(ns)/lang/en_us.json", Make.text("{" + lang.joined(separator: ",\n") + "}")))
        return FixtureMod(name: "large", files: files, expected: [
            .block: [.converted: blocks], .item: [.converted: items], .recipe: [.converted: blocks],
            .lootTable: [.converted: blocks], .texture: [.converted: blocks + items], .model: [.converted: blocks + items],
            .lang: [.converted: 1],
        ])
    }
}

/// A small deterministic random generator (SplitMix64), so the benchmark jar is the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Java texture names → the vanilla Bedrock texture that shows the same thing (generated table
/// `VanillaTextures+Table.swift`, from ../shared/refdata by `scripts/gen-vanilla-models.py`).
///
/// An add-on points a terrain or item key of its own at that path; the game resolves it from the
/// vanilla resource pack, so no image of Mojang's is copied into the add-on.
enum VanillaTextures {
    private static let paths: [String: String] = {
        var result: [String: String] = [:]
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let java = parts.first else { continue }
            let folder = java.hasPrefix("block") ? "blocks" : "items"
            let name = parts.count == 2 ? String(parts[1]) : String(java.split(separator: "/", maxSplits: 1).last ?? "")
            result[String(java)] = name.hasPrefix("/") ? String(name.dropFirst()) : "textures/\(folder)/\(name)"
        }
        return result
    }()

    /// Every vanilla Bedrock path the table points at (what an add-on may name without shipping it).
    static let bedrockPaths: Set<String> = Set(paths.values)

    /// The Bedrock path for a `minecraft:` texture (`block/oak_planks`, `blocks/planks_oak`,
    /// `item/bow`); `nil` when Bedrock has no vanilla texture for it.
    static func bedrockPath(_ id: ResourceLocation) -> String? {
        guard id.namespace == "minecraft" else { return nil }
        return paths[id.path]
    }
}

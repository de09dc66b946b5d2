/// The vanilla Java block models the engine knows without the jar, for every Minecraft version the
/// generated table covers (1.8.8 to 1.21.1: `VanillaModels+Table.swift`, from ../shared/refdata by
/// `scripts/gen-vanilla-models.py`).
///
/// A mod resolves against the newest table version at or below its own Minecraft version; a name
/// that version lacks is looked up in the nearest other version (older first), so a model renamed
/// between versions (`pane_post` → `template_glass_pane_post`) still resolves.
enum VanillaModels {
    /// name → definitions, each with the index of the first version it applies to (ascending).
    private static let index: [String: [(version: Int, json: Substring)]] = {
        var result: [String: [(Int, Substring)]] = [:]
        for line in table.split(separator: "\n") {
            guard let firstSpace = line.firstIndex(of: " ") else { continue }
            let name = String(line[..<firstSpace])
            let rest = line[line.index(after: firstSpace)...]
            guard let secondSpace = rest.firstIndex(of: " "), let version = Int(rest[..<secondSpace]) else { continue }
            result[name, default: []].append((version, rest[rest.index(after: secondSpace)...]))
        }
        return result
    }()

    /// The index in ``versions`` a mod of `minecraft` version resolves against (the newest at or
    /// below it; the oldest for older mods; the newest when the version is unknown).
    static func versionIndex(for minecraft: MinecraftVersion?) -> Int {
        guard let minecraft else { return versions.count - 1 }
        var chosen = 0
        for (index, text) in versions.enumerated() {
            if let version = MinecraftVersion(text), version <= minecraft { chosen = index }
        }
        return chosen
    }

    /// The JSON text of vanilla model `name` (without `block/`) as version `version` has it, or the
    /// nearest other version's definition; `nil` when no version has it.
    static func definition(_ name: String, versionIndex version: Int) -> Substring? {
        guard let history = index[name], !history.isEmpty else { return nil }
        if let atOrBefore = history.last(where: { $0.version <= version }) { return atOrBefore.json }
        return history.first?.json
    }

    /// Whether any version has a model `name`.
    static func contains(_ name: String) -> Bool { index[name] != nil }
}

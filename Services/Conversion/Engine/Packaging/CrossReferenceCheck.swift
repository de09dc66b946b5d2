import Foundation

/// The engine's own check of a finished add-on, run as the `validating` stage: every texture key
/// resolves to a PNG in the pack, every geometry id exists, every block and item has a lang key,
/// every loot path and recipe item exists, and the behavior pack depends on the resource pack.
/// The Bedrock schemas are loose; this is what makes the add-on hang together.
public enum CrossReferenceCheck {
    /// One broken reference: the file it is in, the Bedrock id it concerns (when known), and what is wrong.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var bedrockID: String?
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    static let builtinGeometry: Set<String> = ["minecraft:geometry.full_block"]

    /// Checks the packs (paths inside each pack).
    public static func run(behavior: [String: Data], resource: [String: Data], parser: LenientJSONParser = LenientJSONParser()) -> [Problem] {
        var problems: [Problem] = []
        func json(_ data: Data?) -> JSONValue? { data.flatMap { try? parser.parse($0) } }
        // A texture of the vanilla resource pack resolves in the game without being shipped.
        func png(_ path: String) -> Bool {
            VanillaTextures.bedrockPaths.contains(path) || resource[path + ".png"].map { (try? PNGImage($0)) != nil } ?? false
        }

        let terrain = Dictionary(uniqueKeysWithValues: (json(resource["textures/terrain_texture.json"])?["texture_data"]?.members ?? []).map { ($0.key, $0.value["textures"]?.stringValue ?? "") })
        let itemAtlas = Dictionary(uniqueKeysWithValues: (json(resource["textures/item_texture.json"])?["texture_data"]?.members ?? []).map { ($0.key, $0.value["textures"]?.stringValue ?? "") })
        for (key, path) in terrain.sorted(by: { $0.key < $1.key }) where !png(path) {
            problems.append(Problem(file: "textures/terrain_texture.json", bedrockID: nil, message: "texture \(key) → \(path).png is not in the pack"))
        }
        for (key, path) in itemAtlas.sorted(by: { $0.key < $1.key }) where !png(path) {
            problems.append(Problem(file: "textures/item_texture.json", bedrockID: nil, message: "texture \(key) → \(path).png is not in the pack"))
        }
        var geometries: Set<String> = builtinGeometry
        for (path, data) in resource where path.hasPrefix("models/") && path.hasSuffix(".geo.json") {
            for geometry in json(data)?["minecraft:geometry"]?.arrayValue ?? [] {
                if let id = geometry["description"]?["identifier"]?.stringValue { geometries.insert(id) }
            }
        }
        let english = Set(String(decoding: resource["texts/en_US.lang"] ?? Data(), as: UTF8.self)
            .split(separator: "\n").compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        var defined: Set<String> = []

        for path in behavior.keys.sorted() where path.hasPrefix("blocks/") {
            guard let block = json(behavior[path])?["minecraft:block"], let id = block["description"]?["identifier"]?.stringValue else {
                problems.append(Problem(file: path, bedrockID: nil, message: "not a block definition"))
                continue
            }
            defined.insert(id)
            if !english.contains("tile.\(id).name") { problems.append(Problem(file: path, bedrockID: id, message: "no lang key tile.\(id).name in en_US.lang")) }
            var componentSets = [block["components"]]
            componentSets += (block["permutations"]?.arrayValue ?? []).map { $0["components"] }
            for components in componentSets.compactMap({ $0 }) {
                if let geometry = components["minecraft:geometry"]?.stringValue ?? components["minecraft:geometry"]?["identifier"]?.stringValue,
                   !geometries.contains(geometry) {
                    problems.append(Problem(file: path, bedrockID: id, message: "geometry \(geometry) is not defined in the resource pack"))
                }
                for instance in components["minecraft:material_instances"]?.members ?? [] {
                    if let key = instance.value["texture"]?.stringValue, terrain[key] == nil {
                        problems.append(Problem(file: path, bedrockID: id, message: "material instance \(instance.key) uses texture \(key), not in terrain_texture.json"))
                    }
                }
                if let loot = components["minecraft:loot"]?.stringValue, behavior[loot] == nil {
                    problems.append(Problem(file: path, bedrockID: id, message: "loot table \(loot) is not in the behavior pack"))
                }
            }
        }
        for path in behavior.keys.sorted() where path.hasPrefix("items/") {
            guard let item = json(behavior[path])?["minecraft:item"], let id = item["description"]?["identifier"]?.stringValue else {
                problems.append(Problem(file: path, bedrockID: nil, message: "not an item definition"))
                continue
            }
            defined.insert(id)
            let icon = item["components"]?["minecraft:icon"]
            if let key = icon?.stringValue ?? icon?["textures"]?["default"]?.stringValue {
                if itemAtlas[key] == nil { problems.append(Problem(file: path, bedrockID: id, message: "icon \(key) is not in item_texture.json")) }
            } else {
                problems.append(Problem(file: path, bedrockID: id, message: "no icon"))
            }
            let key = item["components"]?["minecraft:display_name"]?["value"]?.stringValue ?? "item.\(id)"
            if !english.contains(key) { problems.append(Problem(file: path, bedrockID: id, message: "no lang key \(key) in en_US.lang")) }
        }
        func known(_ item: String) -> Bool {
            let base = item.split(separator: ":").prefix(2).joined(separator: ":")
            return defined.contains(base) || VanillaItems.bedrockIdentifiers.contains(base)
        }
        for path in behavior.keys.sorted() where path.hasPrefix("recipes/") {
            guard let root = json(behavior[path])?.members?.first(where: { $0.key.hasPrefix("minecraft:recipe_") })?.value else {
                problems.append(Problem(file: path, bedrockID: nil, message: "not a recipe"))
                continue
            }
            var items: [String] = []
            items += (root["key"]?.members ?? []).compactMap { $0.value["item"]?.stringValue }
            items += (root["ingredients"]?.arrayValue ?? []).compactMap { $0["item"]?.stringValue }
            items += [root["result"]?["item"]?.stringValue, root["input"]?.stringValue, root["output"]?.stringValue].compactMap { $0 }
            for item in items where !known(item) {
                problems.append(Problem(file: path, bedrockID: root["description"]?["identifier"]?.stringValue, message: "item \(item) is neither defined by the add-on nor a Bedrock item"))
            }
        }
        for path in behavior.keys.sorted() where path.hasPrefix("loot_tables/") {
            for pool in json(behavior[path])?["pools"]?.arrayValue ?? [] {
                for entry in pool["entries"]?.arrayValue ?? [] {
                    if let name = entry["name"]?.stringValue, !known(name) {
                        problems.append(Problem(file: path, bedrockID: nil, message: "loot entry \(name) is neither defined by the add-on nor a Bedrock item"))
                    }
                }
            }
        }
        for flipbook in json(resource["textures/flipbook_textures.json"])?.arrayValue ?? [] {
            let tile = flipbook["atlas_tile"]?.stringValue ?? ""
            let texture = flipbook["flipbook_texture"]?.stringValue ?? ""
            if terrain[tile] == nil || !png(texture) {
                problems.append(Problem(file: "textures/flipbook_textures.json", bedrockID: nil, message: "flipbook \(tile) → \(texture) does not resolve"))
            }
        }
        for (event, definition) in (json(resource["sounds/sound_definitions.json"])?["sound_definitions"]?.members ?? []).map({ ($0.key, $0.value) }) {
            for sound in definition["sounds"]?.arrayValue ?? [] {
                let name = sound["name"]?.stringValue ?? ""
                if resource[name + ".ogg"] == nil { problems.append(Problem(file: "sounds/sound_definitions.json", bedrockID: nil, message: "\(event): \(name).ogg is not in the pack")) }
            }
        }
        for path in resource.keys.sorted() where path.hasPrefix("attachables/") {
            let textures = json(resource[path])?["minecraft:attachable"]?["description"]?["textures"]?.members ?? []
            for texture in textures where !(texture.value.stringValue ?? "").hasPrefix("textures/misc/") {
                if !png(texture.value.stringValue ?? "") { problems.append(Problem(file: path, bedrockID: nil, message: "texture \(texture.value.stringValue ?? "") is not in the pack")) }
            }
        }
        let behaviorManifest = json(behavior["manifest.json"])
        let resourceManifest = json(resource["manifest.json"])
        let dependency = behaviorManifest?["dependencies"]?.arrayValue?.first
        if dependency?["uuid"] != resourceManifest?["header"]?["uuid"] || dependency?["version"] != resourceManifest?["header"]?["version"] {
            problems.append(Problem(file: "manifest.json", bedrockID: nil, message: "the behavior pack does not depend on this resource pack's uuid and version"))
        }
        return problems
    }
}

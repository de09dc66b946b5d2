import Foundation

/// The jar's entries sorted by what they are, and the JSON reader every stage shares.
///
/// Reading is lenient (comments, trailing commas, single quotes), bounded (size and depth), and
/// an unreadable file is remembered with its precise error instead of failing the mod.
final class ModContents {
    let jar: JarArchive
    let metadata: ModMetadata
    let parser: LenientJSONParser

    /// `assets/<ns>/blockstates/<name>.json`, by block id.
    private(set) var blockstates: [ResourceLocation: String] = [:]
    /// `assets/<ns>/models/<path>.json`, by model id (`ns:block/x`).
    private(set) var models: [ResourceLocation: String] = [:]
    /// `.obj` model files, reported as not convertible.
    private(set) var objModels: [String] = []
    /// `assets/<ns>/textures/<path>.png`, by texture id (`ns:block/x`).
    private(set) var textures: [ResourceLocation: String] = [:]
    /// `…/<path>.png.mcmeta` animation files, by texture id.
    private(set) var textureMeta: [ResourceLocation: String] = [:]
    /// `assets/<ns>/lang/<file>` entries.
    private(set) var langFiles: [(namespace: String, entry: String)] = []
    /// Recipe entries (`data/<ns>/recipes|recipe/…`, 1.12 `assets/<ns>/recipes/…`), by recipe id.
    private(set) var recipes: [ResourceLocation: String] = [:]
    /// 1.12 `_constants.json` files, by namespace.
    private(set) var recipeConstants: [String: String] = [:]
    /// Loot tables (`loot_tables/` or `loot_table/`), by id (`ns:blocks/x`).
    private(set) var lootTables: [ResourceLocation: String] = [:]
    /// Item tags (`tags/items/` or `tags/item/`), by tag id, from every namespace in the jar.
    private(set) var itemTags: [ResourceLocation: [String]] = [:]
    /// `assets/<ns>/sounds.json`, by namespace.
    private(set) var soundIndexes: [String: String] = [:]
    /// `assets/<ns>/sounds/<path>.ogg`, by sound id.
    private(set) var soundFiles: [ResourceLocation: String] = [:]
    /// Every `.class` entry.
    private(set) var classes: [String] = []
    /// Nested archives (`META-INF/jarjar/*.jar` and friends).
    private(set) var nestedArchives: [String] = []

    /// Files that could not be read, with the reason, by entry.
    private(set) var unreadable: [String: String] = [:]

    init(jar: JarArchive, metadata: ModMetadata, parser: LenientJSONParser = LenientJSONParser()) {
        self.jar = jar
        self.metadata = metadata
        self.parser = parser
        for entry in jar.entryNames { classify(entry) }
    }

    private func classify(_ entry: String) {
        if entry.hasSuffix(".class") { classes.append(entry); return }
        if entry.hasSuffix(".jar") || entry.hasSuffix(".zip") { nestedArchives.append(entry); return }
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "assets" || parts[0] == "data" else { return }
        let namespace = parts[1].lowercased()
        let kind = parts[2]
        let rest = parts.dropFirst(3).joined(separator: "/")
        func location(dropping suffix: String) -> ResourceLocation? {
            guard rest.hasSuffix(suffix) else { return nil }
            let path = String(rest.dropLast(suffix.count))
            return ResourceLocation.isSafe(path) && ResourceLocation.isSafe(namespace) ? ResourceLocation(namespace: namespace, path: path) : nil
        }
        if parts[0] == "assets" {
            if parts.count == 3, kind == "sounds.json" { soundIndexes[namespace] = entry; return }
            switch kind {
            case "blockstates": if let id = location(dropping: ".json") { blockstates[id] = entry }
            case "models":
                if let id = location(dropping: ".json") { models[id] = entry } else if rest.hasSuffix(".obj") { objModels.append(entry) }
            case "textures":
                if let id = location(dropping: ".png") { textures[id] = entry } else if let id = location(dropping: ".png.mcmeta") { textureMeta[id] = entry }
            case "lang": if rest.hasSuffix(".json") || rest.hasSuffix(".lang") { langFiles.append((namespace, entry)) }
            case "sounds": if let id = location(dropping: ".ogg") { soundFiles[id] = entry }
            case "recipes": recipe(namespace: namespace, rest: rest, entry: entry)
            default: break
            }
        } else {
            switch kind {
            case "recipes", "recipe": recipe(namespace: namespace, rest: rest, entry: entry)
            case "loot_tables", "loot_table": if let id = location(dropping: ".json") { lootTables[id] = entry }
            case "tags":
                let tagParts = rest.split(separator: "/", maxSplits: 1).map(String.init)
                guard tagParts.count == 2, tagParts[0] == "items" || tagParts[0] == "item", tagParts[1].hasSuffix(".json") else { return }
                let id = ResourceLocation(namespace: namespace, path: String(tagParts[1].dropLast(5)))
                itemTags[id, default: []].append(entry)
            default: break
            }
        }
    }

    private func recipe(namespace: String, rest: String, entry: String) {
        guard rest.hasSuffix(".json") else { return }
        let path = String(rest.dropLast(5))
        if path == "_constants" { recipeConstants[namespace] = entry; return }
        if path.hasPrefix("_") { return }  // _factories.json and other loader files
        if ResourceLocation.isSafe(path) { recipes[ResourceLocation(namespace: namespace, path: path)] = entry }
    }

    /// Whether `namespace` belongs to the mod (not `minecraft`, `forge`, `c`, …).
    func isOwn(_ namespace: String) -> Bool { metadata.namespaces.contains(namespace) }

    /// The parsed JSON of an entry, or `nil` with the reason remembered in ``unreadable``.
    func json(_ entry: String) -> JSONValue? {
        if let cached = jsonCache[entry] { return cached }
        guard unreadable[entry] == nil else { return nil }
        do {
            let value = try parser.parse(try jar.read(entry))
            jsonCache[entry] = value
            return value
        } catch {
            unreadable[entry] = "\(error)"
            return nil
        }
    }

    /// The bytes of an entry, or `nil` with the reason remembered.
    func data(_ entry: String) -> Data? {
        do {
            return try jar.read(entry)
        } catch {
            unreadable[entry] = "\(error)"
            return nil
        }
    }

    /// The reason an entry could not be read, for the report.
    func problem(_ entry: String) -> String { "\(entry): \(unreadable[entry] ?? "unreadable")" }

    private var jsonCache: [String: JSONValue] = [:]
}

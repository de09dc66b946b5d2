import Foundation

/// Finds the loader and the mod's identity in a jar.
///
/// Files are tried in this order, the first readable one wins and the others are listed in
/// ``ModMetadata/otherMetadataFiles``: `META-INF/neoforge.mods.toml`, `META-INF/mods.toml`,
/// `fabric.mod.json`, `quilt.mod.json`, `mcmod.info`. A file that cannot be parsed is reported
/// as a warning and the next one is tried; a jar with none still gets metadata (loader
/// `unknown`, the id from its first namespace) so that what it holds can be converted.
public struct ModMetadataReader: Sendable {
    static let sharedNamespaces: Set<String> = ["minecraft", "c", "forge", "neoforge", "fabric"]
    static let candidates: [(String, ModLoader)] = [
        ("META-INF/neoforge.mods.toml", .neoforge), ("META-INF/mods.toml", .forge), ("fabric.mod.json", .fabric),
        ("quilt.mod.json", .quilt), ("mcmod.info", .legacyForge),
    ]

    let json: LenientJSONParser

    public init(json: LenientJSONParser = LenientJSONParser()) {
        self.json = json
    }

    /// Reads the metadata of `jar`.
    public func read(_ jar: JarArchive) -> ModMetadata {
        let namespaces = Self.namespaces(of: jar.entryNames)
        var warnings: [String] = []
        var found: ModMetadata?
        var others: [String] = []
        for (file, loader) in Self.candidates where jar.contains(file) {
            guard found == nil else {
                others.append(file)
                continue
            }
            do {
                let text = String(decoding: try jar.read(file), as: UTF8.self)
                found = try parse(text, loader: loader)
            } catch {
                warnings.append("\(file): \(error)")
            }
        }
        var metadata = found ?? ModMetadata(
            loader: .unknown, modID: namespaces.first ?? "unknown", name: namespaces.first ?? "unknown", version: "")
        if found == nil { warnings.append("no readable mod metadata file; using the namespace \"\(metadata.modID)\"") }
        metadata.namespaces = namespaces
        metadata.otherMetadataFiles = others
        metadata.warnings = warnings + metadata.warnings
        resolvePlaceholders(&metadata, manifest: jar.contains("META-INF/MANIFEST.MF") ? try? jar.read("META-INF/MANIFEST.MF") : nil)
        metadata.minecraftVersion = metadata.minecraftVersion ?? Self.minecraftVersion(inferredFrom: jar, loader: metadata.loader)
        return metadata
    }

    /// The mod's own namespaces among `assets/<ns>/…` and `data/<ns>/…` entries.
    static func namespaces(of names: [String]) -> [String] {
        var found: Set<String> = []
        for name in names {
            let parts = name.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "assets" || parts[0] == "data", !parts[1].isEmpty else { continue }
            let namespace = String(parts[1])
            if !sharedNamespaces.contains(namespace) { found.insert(namespace) }
        }
        return found.sorted()
    }

    // MARK: - Formats

    func parse(_ text: String, loader: ModLoader) throws -> ModMetadata {
        switch loader {
        case .neoforge, .forge: return try modsToml(text, loader: loader)
        case .fabric: return try fabric(text)
        case .quilt: return try quilt(text)
        case .legacyForge: return try mcmodInfo(text)
        case .unknown: throw MetadataError("no parser for unknown loaders")
        }
    }

    private func modsToml(_ text: String, loader: ModLoader) throws -> ModMetadata {
        let toml = try MiniTOML(text)
        guard let mod = toml.tableArrays["mods"]?.first, let id = mod["modId"]?.stringValue, !id.isEmpty else {
            throw MetadataError("no [[mods]] entry with a modId")
        }
        var metadata = ModMetadata(
            loader: loader, modID: id, name: mod["displayName"]?.stringValue ?? id,
            version: mod["version"]?.stringValue ?? "", description: mod["description"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
            authors: (mod["authors"]?.stringValue ?? toml.root["authors"]?.stringValue).map { [$0] } ?? [])
        for (name, entries) in toml.tableArrays.sorted(by: { $0.key < $1.key }) where name.hasPrefix("dependencies") {
            for entry in entries where entry["modId"]?.stringValue == "minecraft" {
                metadata.minecraftVersion = metadata.minecraftVersion ?? entry["versionRange"]?.stringValue.flatMap(MinecraftVersion.init)
            }
        }
        return metadata
    }

    private func fabric(_ text: String) throws -> ModMetadata {
        let value = try json.parse(Array(text.utf8))
        guard let id = value["id"]?.stringValue, !id.isEmpty else { throw MetadataError("no \"id\"") }
        var metadata = ModMetadata(
            loader: .fabric, modID: id, name: value["name"]?.stringValue ?? id, version: value["version"]?.stringValue ?? "",
            description: value["description"]?.stringValue ?? "", authors: Self.people(value["authors"]))
        let minecraft = value["depends"]?["minecraft"]
        metadata.minecraftVersion = (minecraft?.stringValue ?? minecraft?.arrayValue?.first?.stringValue).flatMap(MinecraftVersion.init)
        return metadata
    }

    private func quilt(_ text: String) throws -> ModMetadata {
        let loader = try json.parse(Array(text.utf8))["quilt_loader"]
        guard let id = loader?["id"]?.stringValue, !id.isEmpty else { throw MetadataError("no \"quilt_loader.id\"") }
        let metadata = loader?["metadata"]
        let contributors = metadata?["contributors"]?.members?.map(\.key) ?? []
        var result = ModMetadata(
            loader: .quilt, modID: id, name: metadata?["name"]?.stringValue ?? id, version: loader?["version"]?.stringValue ?? "",
            description: metadata?["description"]?.stringValue ?? "", authors: contributors)
        let minecraft = loader?["depends"]?.arrayValue?.first { $0["id"]?.stringValue == "minecraft" }
        result.minecraftVersion = (minecraft?["versions"]?.stringValue ?? minecraft?["versions"]?.arrayValue?.first?.stringValue).flatMap(MinecraftVersion.init)
        return result
    }

    private func mcmodInfo(_ text: String) throws -> ModMetadata {
        let value = try json.parse(Array(text.utf8))
        // Version 1 is a list of mods; version 2 wraps it as {"modListVersion": 2, "modList": [...]}.
        guard let mod = (value.arrayValue ?? value["modList"]?.arrayValue)?.first, let id = mod["modid"]?.stringValue, !id.isEmpty else {
            throw MetadataError("no mod entry with a \"modid\"")
        }
        var metadata = ModMetadata(
            loader: .legacyForge, modID: id, name: mod["name"]?.stringValue ?? id, version: mod["version"]?.stringValue ?? "",
            description: mod["description"]?.stringValue ?? "", authors: Self.people(mod["authorList"] ?? mod["authors"]))
        metadata.minecraftVersion = mod["mcversion"]?.stringValue.flatMap(MinecraftVersion.init)
        return metadata
    }

    /// Authors as strings, or objects with a `name` (Fabric's person objects).
    static func people(_ value: JSONValue?) -> [String] {
        value?.arrayValue?.compactMap { $0.stringValue ?? $0["name"]?.stringValue } ?? []
    }

    // MARK: - Minecraft version

    /// The Minecraft version when the metadata does not name one: `pack.mcmeta`'s `pack_format`, then
    /// what only some eras do (`data/<ns>/recipe/` is 1.21+; `mcmod.info`, Forge v1 blockstates and
    /// plural texture folders are ≤ 1.12).
    static func minecraftVersion(inferredFrom jar: JarArchive, loader: ModLoader) -> MinecraftVersion? {
        if jar.contains("pack.mcmeta"), let data = try? jar.read("pack.mcmeta"), let value = try? LenientJSONParser().parse(data),
           let format = value["pack"]?["pack_format"]?.numberValue, let version = MinecraftVersion.fromPackFormat(Int(format)) {
            return version
        }
        if loader == .legacyForge { return MinecraftVersion([1, 12, 2]) }
        let names = jar.entryNames
        if names.contains(where: { $0.hasPrefix("data/") && $0.contains("/recipe/") }) { return MinecraftVersion([1, 21]) }
        if names.contains(where: { $0.hasPrefix("assets/") && $0.contains("/textures/blocks/") }) { return MinecraftVersion([1, 12, 2]) }
        return nil
    }

    // MARK: - Placeholders

    private func resolvePlaceholders(_ metadata: inout ModMetadata, manifest: Data?) {
        let implementationVersion = manifest.flatMap { data in
            String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
                .first { $0.hasPrefix("Implementation-Version:") }
                .map { $0.dropFirst("Implementation-Version:".count).trimmingCharacters(in: .whitespaces) }
        }
        if metadata.version.contains("${file.jarVersion}"), let implementationVersion, !implementationVersion.isEmpty {
            metadata.version = metadata.version.replacingOccurrences(of: "${file.jarVersion}", with: implementationVersion)
        }
        var unresolved: [String] = []
        for field in [metadata.modID, metadata.name, metadata.version, metadata.description] {
            var rest = Substring(field)
            while let start = rest.range(of: "${"), let end = rest[start.upperBound...].firstIndex(of: "}") {
                unresolved.append(String(rest[start.lowerBound...end]))
                rest = rest[rest.index(after: end)...]
            }
        }
        metadata.unresolvedPlaceholders = Array(Set(unresolved)).sorted()
    }
}

/// A metadata file that parsed but lacks what identifies the mod.
struct MetadataError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

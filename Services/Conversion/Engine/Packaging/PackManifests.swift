import Crypto
import Foundation

/// The two manifests of an add-on: behavior pack (module `data`) and resource pack (module
/// `resources`), the first depending on the second.
///
/// UUIDs are derived, not random: SHA-256 of mod id, pack kind and role, shaped as lower-case
/// version-4 UUIDs. With `header.version` derived from the mod's version, converting the next
/// release of a mod upgrades the packs in the game instead of importing duplicates.
public struct PackManifests: Sendable, Equatable {
    /// `manifest.json` of the behavior pack.
    public let behaviorPack: JSONValue
    /// `manifest.json` of the resource pack.
    public let resourcePack: JSONValue
    /// The pack version both headers carry.
    public let version: [Int]

    /// The Bedrock engine version the packs need unless the caller asks for another.
    public static let defaultMinEngineVersion = [1, 26, 40]

    public init(metadata: ModMetadata, minEngineVersion: [Int] = PackManifests.defaultMinEngineVersion) {
        let version = Self.packVersion(from: metadata.version)
        let name = metadata.name.isEmpty ? metadata.modID : metadata.name
        let description = "Converted from the Java Edition mod \(metadata.modID) \(metadata.version) by ModPorter"
            .trimmingCharacters(in: .whitespaces)
        let resourceHeader = Self.uuid(metadata.modID, "resources", "header")
        self.version = version
        resourcePack = Self.manifest(
            name: "\(name) Resources", description: description, header: resourceHeader,
            module: Self.uuid(metadata.modID, "resources", "module"), type: "resources", version: version,
            minEngineVersion: minEngineVersion, dependency: nil)
        behaviorPack = Self.manifest(
            name: "\(name) Behavior", description: description, header: Self.uuid(metadata.modID, "data", "header"),
            module: Self.uuid(metadata.modID, "data", "module"), type: "data", version: version,
            minEngineVersion: minEngineVersion, dependency: resourceHeader)
    }

    private static func manifest(
        name: String, description: String, header: String, module: String, type: String, version: [Int],
        minEngineVersion: [Int], dependency: String?
    ) -> JSONValue {
        let versionValue = JSONValue.array(version.map { .number(Double($0)) })
        var members = [
            JSONMember(key: "format_version", value: .number(2)),
            JSONMember(key: "header", value: .object([
                JSONMember(key: "name", value: .string(name)),
                JSONMember(key: "description", value: .string(description)),
                JSONMember(key: "uuid", value: .string(header)),
                JSONMember(key: "version", value: versionValue),
                JSONMember(key: "min_engine_version", value: .array(minEngineVersion.map { .number(Double($0)) })),
            ])),
            JSONMember(key: "modules", value: .array([.object([
                JSONMember(key: "type", value: .string(type)),
                JSONMember(key: "uuid", value: .string(module)),
                JSONMember(key: "version", value: versionValue),
            ])])),
        ]
        if let dependency {
            members.append(JSONMember(key: "dependencies", value: .array([.object([
                JSONMember(key: "uuid", value: .string(dependency)),
                JSONMember(key: "version", value: versionValue),
            ])])))
        }
        return .object(members)
    }

    /// A version-4-shaped, lower-case UUID derived from its parts.
    public static func uuid(_ parts: String...) -> String {
        var bytes = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// `[major + 1, minor, patch]` from a mod version; `[1, 0, 0]` when it holds a placeholder or
    /// no number.
    ///
    /// Build metadata after `+` is dropped (`0.4.0+1.20.1` → 0.4.0); a leading Minecraft version
    /// is skipped (`1.20.1-2.3.4` → 2.3.4).
    public static func packVersion(from version: String) -> [Int] {
        guard !version.contains("${") else { return [1, 0, 0] }
        let withoutBuild = version.split(separator: "+").first.map(String.init) ?? ""
        var segments = withoutBuild.split(separator: "-").map(String.init)
        if segments.count >= 2, isMinecraftVersion(segments[0]), segments[1].first?.isNumber == true {
            segments.removeFirst()
        }
        guard let candidate = segments.first else { return [1, 0, 0] }
        let numbers = candidate.split(separator: ".").prefix(3).map { part in Int(part.prefix { $0.isNumber }) }
        guard let major = numbers.first ?? nil else { return [1, 0, 0] }
        let minor = numbers.count > 1 ? numbers[1] ?? 0 : 0
        let patch = numbers.count > 2 ? numbers[2] ?? 0 : 0
        return [min(major, 9_999) + 1, min(minor, 9_999), min(patch, 9_999)]
    }

    private static func isMinecraftVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".")
        guard parts.count == 2 || parts.count == 3, parts[0] == "1", let minor = Int(parts[1]) else { return false }
        return (7...30).contains(minor) && parts.allSatisfy { Int($0) != nil }
    }
}

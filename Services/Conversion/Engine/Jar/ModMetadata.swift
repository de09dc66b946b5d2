/// The mod loader a jar was built for.
public enum ModLoader: String, Sendable, Equatable, CaseIterable {
    case neoforge
    case forge
    case fabric
    case quilt
    /// Forge up to 1.12, described by `mcmod.info`.
    case legacyForge = "forge-legacy"
    /// No metadata file was found.
    case unknown
}

/// Who the mod is, as its metadata says.
public struct ModMetadata: Sendable, Equatable {
    public var loader: ModLoader
    /// The mod id (`examplemod`); the first namespace when the jar has no metadata.
    public var modID: String
    public var name: String
    /// The version with placeholders resolved where possible (`${file.jarVersion}` from the
    /// manifest's `Implementation-Version`).
    public var version: String
    public var description: String
    public var authors: [String]
    /// The mod's namespaces: its `assets/<ns>` and `data/<ns>` folders, less the shared ones
    /// (`minecraft`, `c`, `forge`, `neoforge`, `fabric`), sorted.
    public var namespaces: [String]
    /// Metadata files present besides the one used (some jars ship two).
    public var otherMetadataFiles: [String]
    /// Placeholders that stayed unresolved (`${…}`), reported.
    public var unresolvedPlaceholders: [String]
    /// Problems found while reading, each naming its file.
    public var warnings: [String]
    /// The Minecraft version the mod was built for (the lowest its metadata accepts), when the jar
    /// says; vanilla models and names resolve against it.
    public var minecraftVersion: MinecraftVersion?

    public init(
        loader: ModLoader, modID: String, name: String, version: String, description: String = "",
        authors: [String] = [], namespaces: [String] = [], otherMetadataFiles: [String] = [],
        unresolvedPlaceholders: [String] = [], warnings: [String] = []
    ) {
        self.loader = loader
        self.modID = modID
        self.name = name
        self.version = version
        self.description = description
        self.authors = authors
        self.namespaces = namespaces
        self.otherMetadataFiles = otherMetadataFiles
        self.unresolvedPlaceholders = unresolvedPlaceholders
        self.warnings = warnings
    }
}

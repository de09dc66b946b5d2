import Foundation

/// What every stage of one conversion shares: the jar's contents, the packs being written, the
/// report lines, and the ids the mod defines.
final class ConversionContext {
    let contents: ModContents
    let options: ConversionOptions
    let resolver: ModelResolver
    let atlas: TextureAtlas
    var analyzer: BytecodeAnalyzer?

    /// Files of the behavior pack and the resource pack, by path inside the pack.
    var behaviorPack: [String: Data] = [:]
    var resourcePack: [String: Data] = [:]
    var features: [ConversionReport.Feature] = []
    var warnings: [String] = []
    /// Classes no behaviour rule matched (the AI hook's candidates).
    var unruledClasses: [ClassSummary] = []

    /// The blocks and items the mod defines (ids from its data), sorted.
    var blocks: [ResourceLocation] = []
    var items: [ResourceLocation] = []
    /// Blocks and items actually written, as Bedrock ids.
    var writtenBlocks: Set<String> = []
    var writtenItems: Set<String> = []
    /// Block loot tables written, by block id → path inside the behavior pack.
    var blockLoot: [ResourceLocation: String] = [:]
    /// Which blocks do the mod's workstation recipe types' work (planned before blocks are written).
    var stations = WorkstationPlanner.empty

    /// 1.12 `_constants.json` ingredients by name (`{"name": "INGOT", "ingredient": …}`).
    private(set) lazy var recipeConstants: [String: JSONValue] = {
        var constants: [String: JSONValue] = [:]
        for (_, entry) in contents.recipeConstants.sorted(by: { $0.key < $1.key }) {
            for value in contents.json(entry)?.arrayValue ?? [] {
                if let name = value["name"]?.stringValue, let ingredient = value["ingredient"] {
                    constants[name] = ingredient.arrayValue.map { .array($0) } ?? ingredient
                }
            }
        }
        return constants
    }()

    var metadata: ModMetadata { contents.metadata }

    init(contents: ModContents, options: ConversionOptions) {
        self.contents = contents
        self.options = options
        resolver = ModelResolver(contents: contents)
        atlas = TextureAtlas(contents: contents)
    }

    func add(_ kind: ConversionReport.Kind, _ javaID: String, _ bedrockID: String?, _ status: ConversionReport.Status,
             _ assumption: ConversionReport.Assumption? = nil, notes: [String] = []) {
        features.append(ConversionReport.Feature(kind: kind, javaID: javaID, bedrockID: bedrockID, status: status, assumption: assumption, notes: notes))
    }

    /// Writes a JSON file into a pack.
    func write(_ value: JSONValue, to path: String, behavior: Bool) {
        let data = Data(JSONWriter.write(value).utf8)
        if behavior { behaviorPack[path] = data } else { resourcePack[path] = data }
    }

    /// The properties class analysis found for a registry name.
    func registered(_ name: String) -> [RegisteredProperty: Double] { analyzer?.properties[name] ?? [:] }

    /// "Ruby Block" for `ruby_block`.
    static func displayName(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}

/// What the user asked for, besides the jar.
public struct ConversionOptions: Sendable, Equatable {
    /// Bedrock `min_engine_version` of both manifests.
    public var minEngineVersion: [Int]
    /// Namespace for the Bedrock ids instead of the mod's own.
    public var namespaceOverride: String?
    /// Locales to convert (`nil`: every one Bedrock knows).
    public var languages: Set<String>?
    /// `aggressive` approximates more (e.g. the first of several tag items), `conservative` skips.
    public var aggressive: Bool
    /// The feature kinds to convert (`nil`: all).
    public var include: Set<ConversionReport.Kind>?
    /// Draw every block and item, Java beside Bedrock, into ``ConversionResult/previews`` (never
    /// into the add-on) with an agreement score in the report.
    public var previews = false
    /// The most blocks and items drawn (the rest are counted in a warning).
    public var maxPreviews = PreviewStage.maxFeatures
    /// Threads one conversion may use for work that splits (compressing the add-on's entries,
    /// drawing previews). The add-on is byte for byte the same whatever the number.
    public var parallelism = ProcessInfo.processInfo.activeProcessorCount

    public init(minEngineVersion: [Int] = PackManifests.defaultMinEngineVersion, namespaceOverride: String? = nil,
                languages: Set<String>? = nil, aggressive: Bool = true, include: Set<ConversionReport.Kind>? = nil, previews: Bool = false) {
        self.minEngineVersion = minEngineVersion
        self.namespaceOverride = namespaceOverride
        self.languages = languages
        self.aggressive = aggressive
        self.include = include
        self.previews = previews
    }

    func includes(_ kind: ConversionReport.Kind) -> Bool { include?.contains(kind) ?? true }
}

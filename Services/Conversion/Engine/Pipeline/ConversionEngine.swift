import Foundation
import Synchronization

/// Turns a Java mod jar into a Bedrock `.mcaddon` and an honest report. Pure: bytes in, bytes and
/// report out; nothing is written anywhere, no code from the jar runs, and the same jar always
/// gives the same add-on bytes.
public struct ConversionEngine: Sendable {
    /// Bumped whenever the output for the same jar may change (part of the result-cache key).
    public static let version = "2.0.0"
    /// How deep archives may nest inside the jar (`META-INF/jarjar/*.jar` inside …).
    public static let maxNestingDepth = 3

    public let limits: JarLimits
    public let advisor: (any ConversionAdvisor)?

    public init(limits: JarLimits = JarLimits(), advisor: (any ConversionAdvisor)? = nil) {
        self.limits = limits
        self.advisor = advisor
    }

    /// Converts `jar`. A `stop` requested while it runs ends the conversion at the next stage
    /// boundary with ``ConversionError/stopped``.
    /// - Throws: ``ConversionError`` when the upload itself is refused (not a zip, hostile names,
    ///   a zip bomb, archives nested too deep). Problems inside files are reported, not thrown.
    public func convert(
        jar data: Data, options: ConversionOptions = ConversionOptions(), stop: StopSignal? = nil,
        progress: @escaping @Sendable (ConversionProgress) -> Void = { _ in }
    ) async throws(ConversionError) -> ConversionResult {
        // The pipeline is CPU-bound for up to seconds: it runs on a thread of its own, never on
        // the cooperative pool that serves requests.
        let outcome: Result<ConversionResult, ConversionError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(ConversionError) in try self.pipeline(jar: data, options: options, stop: stop, progress: progress) })
            }
        }
        var result = try outcome.get()
        if let advisor, !result.unruledClasses.isEmpty {
            let advice = await advisor.advise(result.unruledClasses, mod: result.report.metadata)
            result.report.features += advice.features
            result.report.warnings += advice.warnings
        }
        progress(ConversionProgress(stage: .completed, percent: 100, message: result.report.nothingToConvert ? "nothing to convert" : "done",
                                    counts: Dictionary(uniqueKeysWithValues: ConversionReport.Kind.allCases.map { kind in (kind.rawValue, result.report.features.filter { $0.kind == kind }.count) })))
        return result
    }

    /// The synchronous pipeline, stage by stage.
    private func pipeline(
        jar data: Data, options: ConversionOptions, stop: StopSignal?, progress: @Sendable (ConversionProgress) -> Void
    ) throws(ConversionError) -> ConversionResult {
        var timings: [(stage: String, seconds: Double)] = []
        var clock = ContinuousClock.now
        func finish(_ stage: ConversionStage) {
            let now = ContinuousClock.now
            let elapsed = now - clock
            timings.append((stage.rawValue, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            clock = now
        }

        // Analyzing: the archive, nested archives, metadata, class files.
        progress(ConversionProgress(stage: .analyzing, percent: 0, message: "reading the jar"))
        if stop?.isRequested == true { throw .stopped }
        let jar: JarArchive
        do { jar = try JarArchive(data: data, limits: limits) } catch { throw .jar(error) }
        try checkNested(jar, depth: 1, path: "")
        let metadata = ModMetadataReader().read(jar)
        let contents = ModContents(jar: jar, metadata: metadata)
        let context = ConversionContext(contents: contents, options: options)
        context.warnings += metadata.warnings
        if !metadata.unresolvedPlaceholders.isEmpty {
            context.warnings.append("unresolved placeholders in the metadata: \(metadata.unresolvedPlaceholders.joined(separator: ", "))")
        }
        if !contents.nestedArchives.isEmpty {
            context.warnings.append("\(contents.nestedArchives.count) bundled library archive(s) are not converted: \(contents.nestedArchives.sorted().prefix(5).joined(separator: ", "))")
        }
        finish(.analyzing)

        // Planning: which blocks and items the mod defines, from its data.
        progress(ConversionProgress(stage: .planning, percent: 15, message: "finding blocks and items"))
        if stop?.isRequested == true { throw .stopped }
        plan(context)
        let classes = contents.classes.sorted().compactMap { entry in contents.data(entry).map { (entry, [UInt8]($0)) } }
        let known = Set(context.blocks.map(\.name) + context.items.map(\.name))
        context.analyzer = BytecodeAnalyzer(classes: classes, known: known, namespaces: Set(metadata.namespaces))
        finish(.planning)

        // Converting.
        progress(ConversionProgress(stage: .converting, percent: 30, message: "converting \(context.blocks.count) blocks and \(context.items.count) items",
                                    counts: ["blocks": context.blocks.count, "items": context.items.count]))
        if stop?.isRequested == true { throw .stopped }
        let recipes = RecipeConverter(context: context)
        if options.includes(.lootTable) {
            LootTableConverter(context: context, items: { id in Self.plannedItem(id, context: context) ?? recipes.ingredients.bedrockItem(id) }).run()
        }
        if options.includes(.block) { BlockConverter(context: context).run() }
        if options.includes(.item) { ItemConverter(context: context).run() }
        if options.includes(.recipe) { recipes.run() }
        if options.includes(.sound) { SoundConverter(context: context).run() }
        if options.includes(.lang) { LangStage(context: context).run() }
        if options.includes(.behaviour) { BehaviourStage(context: context).run() }
        reportModels(context)
        context.atlas.finish(into: &context.resourcePack, report: &context.features)
        finish(.converting)

        // Packaging.
        progress(ConversionProgress(stage: .packaging, percent: 80, message: "writing the packs"))
        if stop?.isRequested == true { throw .stopped }
        let manifests = PackManifests(metadata: metadata, minEngineVersion: options.minEngineVersion)
        context.write(manifests.behaviorPack, to: "manifest.json", behavior: true)
        context.write(manifests.resourcePack, to: "manifest.json", behavior: false)
        let icon = packIcon(contents)
        context.behaviorPack["pack_icon.png"] = icon
        context.resourcePack["pack_icon.png"] = icon
        let folder = Self.folderName(metadata.modID)
        var files: [String: Data] = [:]
        for (path, data) in context.behaviorPack { files["\(folder)_BP/\(path)"] = data }
        for (path, data) in context.resourcePack { files["\(folder)_RP/\(path)"] = data }
        var writer = ZipWriter()
        writer.add(contentsOf: files.sorted(by: { $0.key < $1.key }).map { (name: $0.key, contents: $0.value) }, parallelism: options.parallelism)
        let addon = writer.finish()
        finish(.packaging)

        // Validating: the engine's own cross-reference check; a feature it breaks is not converted.
        progress(ConversionProgress(stage: .validating, percent: 90, message: "checking references"))
        if stop?.isRequested == true { throw .stopped }
        let problems = CrossReferenceCheck.run(behavior: context.behaviorPack, resource: context.resourcePack)
        for problem in problems {
            context.warnings.append("cross-reference: \(problem)")
            for index in context.features.indices where problem.bedrockID != nil && context.features[index].bedrockID == problem.bedrockID {
                context.features[index].status = .failed
                context.features[index].assumption = .init(standIn: "nothing usable", reason: problem.description, impact: .high)
            }
        }
        var previews: [String: Data] = [:]
        if options.previews {
            if stop?.isRequested == true { throw .stopped }
            let drawn = PreviewStage(context: context).run()
            previews = drawn.images
            for index in context.features.indices where [.block, .item].contains(context.features[index].kind) {
                context.features[index].preview = drawn.previews[context.features[index].javaID]
            }
            if drawn.skipped > 0 { context.warnings.append("previews: \(drawn.skipped) block(s)/item(s) beyond the first \(options.maxPreviews) are not drawn") }
        }
        finish(.validating)
        let report = ConversionReport(metadata: metadata, features: context.features, warnings: context.warnings, stageSeconds: timings)
        return ConversionResult(addon: addon, files: files, report: report, crossReferenceProblems: problems, unruledClasses: context.unruledClasses,
                                previews: previews)
    }

    // MARK: - Stages

    /// Blocks = blockstates ∪ lang `block.<ns>.*` ∪ block loot tables; items = item models ∪ lang
    /// `item.<ns>.*`, minus blocks. Only the mod's own namespaces.
    private func plan(_ context: ConversionContext) {
        let contents = context.contents
        var blocks: Set<ResourceLocation> = []
        var items: Set<ResourceLocation> = []
        for id in contents.blockstates.keys where contents.isOwn(id.namespace) && !id.path.contains("/") { blocks.insert(id) }
        for id in contents.lootTables.keys where contents.isOwn(id.namespace) && id.path.hasPrefix("blocks/") {
            let name = String(id.path.dropFirst(7))
            if !name.contains("/") { blocks.insert(ResourceLocation(namespace: id.namespace, path: name)) }
        }
        for id in contents.models.keys where contents.isOwn(id.namespace) {
            let parts = id.path.split(separator: "/")
            if parts.count == 2, parts[0] == "item" || parts[0] == "items" { items.insert(ResourceLocation(namespace: id.namespace, path: String(parts[1]))) }
        }
        for (namespace, entry) in contents.langFiles where contents.isOwn(namespace) && entry.hasSuffix("/en_us.json") {
            for (key, _) in LangConverter.entries(fromJSON: contents.json(entry) ?? .null) {
                let parts = key.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 3, contents.isOwn(String(parts[1])), ResourceLocation.isSafe(String(parts[2])), !parts[2].isEmpty else { continue }
                let id = ResourceLocation(namespace: String(parts[1]), path: String(parts[2]))
                if parts[0] == "block" { blocks.insert(id) } else if parts[0] == "item" { items.insert(id) }
            }
        }
        context.items = items.subtracting(blocks).filter { Self.isName($0.path) }.sorted()
        let named = blocks.filter { Self.isName($0.path) }
        if context.options.includes(.recipe) {
            context.stations = WorkstationPlanner.plan(contents, blocks: named.sorted(), namespaceOverride: context.options.namespaceOverride)
        }
        context.blocks = named.union(context.stations.generated.keys).sorted()
    }

    private static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// A mod id that loot tables may name before blocks and items are written.
    private static func plannedItem(_ javaID: String, context: ConversionContext) -> VanillaItems.BedrockItem? {
        guard let id = ResourceLocation(javaID), context.contents.isOwn(id.namespace) else { return nil }
        guard context.blocks.contains(id) || context.items.contains(id) else { return nil }
        return VanillaItems.BedrockItem("\(context.options.namespaceOverride ?? id.namespace):\(id.path)")
    }

    /// One report line per model file of the mod.
    private func reportModels(_ context: ConversionContext) {
        for id in context.contents.models.keys.sorted() where context.contents.isOwn(id.namespace) {
            switch context.resolver.resolve(id) {
            case .success(let model):
                switch model.shape {
                case .unsupported(let why):
                    context.add(.model, id.description, nil, .approximated, .init(standIn: "a cube or flat icon with its textures", reason: why, impact: .medium))
                case .drawnByCode(let why):
                    context.add(.model, id.description, nil, .approximated, .init(
                        standIn: "the item model or a cube with the particle texture", reason: "drawn by code in Java (\(why))", impact: .medium))
                default:
                    if model.notes.isEmpty {
                        context.add(.model, id.description, nil, .converted)
                    } else {
                        context.add(.model, id.description, nil, .approximated, .init(standIn: "its closest Bedrock form", reason: model.notes.joined(separator: "; "), impact: .low))
                    }
                }
            case .failure(let problem):
                let unreadable = context.contents.models[id].map { context.contents.unreadable[$0] != nil } ?? false
                context.add(.model, id.description, nil, unreadable ? .failed : .approximated, .init(
                    standIn: "a placeholder cube or icon", reason: problem.description, impact: .medium))
            }
        }
    }

    /// Refuses archives nested deeper than ``maxNestingDepth``.
    private func checkNested(_ jar: JarArchive, depth: Int, path: String) throws(ConversionError) {
        for entry in jar.entryNames where entry.hasSuffix(".jar") || entry.hasSuffix(".zip") {
            let name = path.isEmpty ? entry : "\(path)!/\(entry)"
            guard depth <= Self.maxNestingDepth else { throw .nestedTooDeep(entry: name, limit: Self.maxNestingDepth) }
            guard let bytes = try? jar.read(entry), let nested = try? JarArchive(data: bytes, limits: limits) else { continue }
            try checkNested(nested, depth: depth + 1, path: name)
        }
    }

    /// The mod's own square icon when it ships one, else a colour from its id.
    private func packIcon(_ contents: ModContents) -> Data {
        let candidates = ["pack.png", "icon.png", "logo.png"] + contents.metadata.namespaces.flatMap { ["assets/\($0)/icon.png", "assets/\($0)/logo.png"] }
        for candidate in candidates where contents.jar.contains(candidate) {
            if let data = contents.data(candidate), let image = try? PNGImage(data), image.width == image.height { return data }
        }
        let hash = Array(PackManifests.uuid(contents.metadata.modID, "icon").utf8)
        return PNGImage.solid(size: 64, red: 64 + hash[0] % 128, green: 64 + hash[2] % 128, blue: 64 + hash[4] % 128)
    }

    /// A folder name for the packs from the mod id.
    static func folderName(_ modID: String) -> String {
        let cleaned = String(modID.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }.map(Character.init))
        return cleaned.isEmpty ? "mod" : cleaned
    }
}

/// What a conversion produced.
public struct ConversionResult: Sendable {
    /// The `.mcaddon` bytes.
    public let addon: Data
    /// The add-on's files by path (`<mod>_BP/…`, `<mod>_RP/…`).
    public let files: [String: Data]
    public internal(set) var report: ConversionReport
    /// What the engine's own cross-reference check found (empty when the add-on hangs together).
    public let crossReferenceProblems: [CrossReferenceCheck.Problem]
    /// The mod's top-level classes no rule of the engine covers, for the AI hook to classify and
    /// match (in entry order).
    public var unruledClasses: [ClassSummary] = []
    /// Preview images (PNG) by name, when asked for: part of the result, never of the add-on.
    public var previews: [String: Data] = [:]
}

/// A class as the AI hook sees it: internal name, super class, its first string constants.
public struct ClassSummary: Sendable, Equatable {
    /// At most this many string constants are kept per class.
    public static let maxStrings = 8
    public let entry: String
    public let name: String
    public let superName: String
    public let strings: [String]
}

/// The pipeline's stages, in order.
public enum ConversionStage: String, Sendable, CaseIterable {
    case analyzing, planning, converting, packaging, validating, completed, failed
}

/// One progress report.
public struct ConversionProgress: Sendable, Equatable {
    public var stage: ConversionStage
    public var percent: Int
    public var message: String
    public var counts: [String: Int]

    public init(stage: ConversionStage, percent: Int, message: String, counts: [String: Int] = [:]) {
        self.stage = stage
        self.percent = percent
        self.message = message
        self.counts = counts
    }
}

/// Why an upload was refused as a whole.
public enum ConversionError: Error, Equatable, Sendable, CustomStringConvertible {
    case jar(JarError)
    case nestedTooDeep(entry: String, limit: Int)
    /// The caller's ``StopSignal`` was requested; nothing was produced.
    case stopped

    public var description: String {
        switch self {
        case .jar(let error): error.description
        case .nestedTooDeep(let entry, let limit): "entry \"\(JarError.printable(entry))\" nests archives deeper than \(limit) levels"
        case .stopped: "the conversion was stopped"
        }
    }
}

/// Asks a running conversion to stop at its next stage boundary (a cancel, a time limit, a lost
/// lease); safe to request from any thread.
public final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Requests the stop; idempotent.
    public func request() { requested.store(true, ordering: .releasing) }

    /// Whether a stop was requested.
    public var isRequested: Bool { requested.load(ordering: .acquiring) }
}

/// The hook through which the AI engine proposes Bedrock equivalents for what no rule covers: the
/// engine hands it the mod's classes that no behaviour rule matched and adds the report lines it
/// returns. With none configured the engine converts everything it can on its own.
public protocol ConversionAdvisor: Sendable {
    /// Report lines for `classes` (each a smart assumption saying who proposed it), and warnings
    /// when the advisor could not answer. Must not throw: the conversion never fails on advice.
    func advise(_ classes: [ClassSummary], mod: ModMetadata) async -> Advice
}

/// What a ``ConversionAdvisor`` adds to a report.
public struct Advice: Sendable {
    public var features: [ConversionReport.Feature]
    public var warnings: [String]

    public init(features: [ConversionReport.Feature] = [], warnings: [String] = []) {
        self.features = features
        self.warnings = warnings
    }
}

import Foundation

/// Lang files → `texts/<locale>.lang` for every locale Bedrock knows, `texts/languages.json`, and an
/// English name for every block and item that the mod's files leave unnamed.
struct LangStage {
    let context: ConversionContext

    func run() {
        var locales: [String: [String: String]] = [:]
        for (namespace, entry) in context.contents.langFiles.sorted(by: { $0.entry < $1.entry }) where context.contents.isOwn(namespace) {
            let file = entry.split(separator: "/").last.map(String.init) ?? entry
            guard let locale = LangConverter.bedrockLocale(forFile: file) else {
                context.add(.lang, entry, nil, .skipped, .init(standIn: "the English text", reason: "Bedrock has no locale for \(file)", impact: .low))
                continue
            }
            if let wanted = context.options.languages, !wanted.contains(locale), locale != "en_US" {
                context.add(.lang, entry, nil, .skipped, .init(standIn: "the English text", reason: "not among the languages asked for", impact: .low))
                continue
            }
            let legacy = entry.hasSuffix(".lang")
            let pairs: [(key: String, value: String)]
            if legacy {
                guard let data = context.contents.data(entry) else {
                    context.add(.lang, entry, nil, .failed, .init(standIn: "the English text", reason: context.contents.problem(entry), impact: .low))
                    continue
                }
                pairs = LangConverter.entries(fromLegacy: String(decoding: data, as: UTF8.self))
            } else {
                guard let json = context.contents.json(entry) else {
                    context.add(.lang, entry, nil, .failed, .init(standIn: "the English text", reason: context.contents.problem(entry), impact: .low))
                    continue
                }
                pairs = LangConverter.entries(fromJSON: json)
            }
            let target = context.options.namespaceOverride ?? namespace
            for (key, value) in pairs {
                var bedrockKey = LangConverter.bedrockKey(key, namespace: namespace, legacy: legacy)
                if target != namespace { bedrockKey = bedrockKey.replacingOccurrences(of: "\(namespace):", with: "\(target):") }
                locales[locale, default: [:]][bedrockKey] = LangConverter.bedrockText(value)
            }
            context.add(.lang, entry, "texts/\(locale).lang", .converted)
        }
        // Every block and item needs an English name.
        var english = locales["en_US"] ?? [:]
        var named = 0
        // Station blocks the engine generated are its own: named from their id without a warning.
        let stations = context.stations.generatedBedrockIDs
        for block in context.writtenBlocks.sorted() where english["tile.\(block).name"] == nil {
            english["tile.\(block).name"] = ConversionContext.displayName(String(block.split(separator: ":").last ?? ""))
            if !stations.contains(block) { named += 1 }
        }
        for item in context.writtenItems.sorted() where english["item.\(item)"] == nil {
            english["item.\(item)"] = ConversionContext.displayName(String(item.split(separator: ":").last ?? ""))
            named += 1
        }
        if named > 0 { context.warnings.append("\(named) block/item name(s) missing from the mod's English lang file: generated from the id") }
        if !english.isEmpty { locales["en_US"] = english }
        guard !locales.isEmpty else { return }
        for (locale, entries) in locales {
            let text = entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + "\n"
            context.resourcePack["texts/\(locale).lang"] = Data(text.utf8)
        }
        let ordered = LangConverter.bedrockLocales.filter { locales[$0] != nil }
        context.write(.array(ordered.map(JSONValue.string)), to: "texts/languages.json", behavior: false)
    }
}

/// Class-level behaviours Bedrock add-ons cannot run (tile entities, GUIs, container menus, entities
/// with AI, fluids) and data-driven dimensions, each reported with what stands in.
struct BehaviourStage {
    let context: ConversionContext

    /// Super classes under every naming scheme → what the subclass is.
    static let kinds: [(names: Set<String>, what: String, standIn: String, impact: ConversionReport.Impact)] = [
        (["net/minecraft/world/level/block/entity/BlockEntity", "net/minecraft/tileentity/TileEntity", "net/minecraft/class_2586"],
         "tile entity (block logic)", "the block's look without its logic", .high),
        (["net/minecraft/client/gui/screens/Screen", "net/minecraft/client/gui/screens/inventory/AbstractContainerScreen",
          "net/minecraft/client/gui/GuiScreen", "net/minecraft/client/gui/inventory/GuiContainer", "net/minecraft/client/gui/screen/Screen",
          "net/minecraft/client/gui/screen/inventory/ContainerScreen", "net/minecraft/class_437", "net/minecraft/class_465"],
         "GUI screen", "no screen (Bedrock add-ons cannot add custom GUIs without scripting forms)", .high),
        (["net/minecraft/world/inventory/AbstractContainerMenu", "net/minecraft/inventory/Container",
          "net/minecraft/inventory/container/Container", "net/minecraft/class_1703"],
         "container menu (machine inventory)", "no inventory for the block", .high),
        (["net/minecraft/world/entity/PathfinderMob", "net/minecraft/world/entity/monster/Monster", "net/minecraft/world/entity/animal/Animal",
          "net/minecraft/entity/monster/EntityMob", "net/minecraft/entity/passive/EntityAnimal", "net/minecraft/entity/EntityCreature",
          "net/minecraft/entity/MobEntity", "net/minecraft/entity/CreatureEntity", "net/minecraft/class_1314", "net/minecraft/class_1588", "net/minecraft/class_1429"],
         "entity with custom AI", "no entity (its AI is Java code)", .high),
        (["net/minecraft/world/level/material/FlowingFluid", "net/minecraftforge/fluids/BlockFluidClassic", "net/minecraft/fluid/FlowingFluid",
          "net/minecraft/class_3609"],
         "fluid", "no fluid (Bedrock add-ons cannot define fluids)", .medium),
    ]

    /// A top-level class of the mod's own: not nested or anonymous (`$`), not `package-info` or
    /// `module-info`, not a mixin (code patching Minecraft, with no Bedrock counterpart at all).
    static func isCandidate(_ name: String) -> Bool {
        !name.contains("$") && !name.hasSuffix("package-info") && !name.hasSuffix("module-info") && !name.lowercased().contains("/mixin")
    }

    func run() {
        let summaries = Dictionary((context.analyzer?.summaries ?? []).map { ($0.entry, $0) }, uniquingKeysWith: { first, _ in first })
        for (entry, name, superName) in (context.analyzer?.superclasses ?? []).sorted(by: { $0.entry < $1.entry }) {
            guard let kind = Self.kinds.first(where: { $0.names.contains(superName) }) else {
                if Self.isCandidate(name), let summary = summaries[entry] { context.unruledClasses.append(summary) }
                continue
            }
            context.add(.behaviour, name.replacingOccurrences(of: "/", with: "."), nil, .skipped, .init(
                standIn: kind.standIn, reason: "\(kind.what) in \(entry): Java code that Bedrock add-ons cannot run", impact: kind.impact))
        }
        for (entry, reason) in context.analyzer?.failures ?? [] {
            context.add(.behaviour, entry, nil, .failed, .init(standIn: "nothing read from this class", reason: "\(entry): \(reason)", impact: .low))
        }
        for entry in context.contents.jar.entryNames where entry.hasPrefix("data/") && (entry.contains("/dimension/") || entry.contains("/dimension_type/")) && entry.hasSuffix(".json") {
            context.add(.behaviour, entry, nil, .skipped, .init(standIn: "no dimension", reason: "Bedrock add-ons cannot add dimensions", impact: .high))
        }
        for entry in context.contents.objModels {
            context.add(.model, entry, nil, .skipped, .init(standIn: "nothing: .obj models are drawn by a custom loader", reason: "Bedrock geometry is cubes only", impact: .medium))
        }
    }
}

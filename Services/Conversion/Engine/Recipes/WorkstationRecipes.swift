import Foundation

/// A mod's own recipe types (cooking pot, cutting board, mixer, crusher, …) read generically and
/// made craftable at the mod's block that does the work.
///
/// Inputs come from `ingredients`/`ingredient`/`inputs`/`input`/`items` (counts and sized
/// ingredients honoured, a `container` added), outputs from `result`/`results`/`output`/`outputs`
/// (an output with a `chance` below 1 is left out: the guaranteed part is kept). The recipe becomes a
/// `recipe_shapeless` tagged with the type's id; ``WorkstationPlanner`` gives the station block
/// `minecraft:crafting_table` with that crafting tag. What Bedrock crafting cannot carry (time,
/// energy, fluids, heat, a tool, chance outputs) is named in the report.
struct WorkstationRecipes {
    let converter: RecipeConverter

    static let inputKeys = ["ingredients", "ingredient", "inputs", "input", "items", "itemInput", "input_item"]
    static let outputKeys = ["result", "results", "output", "outputs", "output_item", "itemOutput"]
    /// Keys whose presence means something Bedrock crafting does not keep, and how the report names it.
    static let lostKeys: [(keys: [String], what: String)] = [
        (["cookingtime", "cookingTime", "cooking_time", "processingTime", "processing_time", "time", "duration", "processTime", "ticks"], "time"),
        (["energy", "energy_usage", "energyUsage", "power", "fe", "rf", "mana", "source", "aura"], "energy"),
        (["experience", "xp"], "experience"),
        (["heatRequirement", "heat_requirement", "heat", "temperature"], "heat"),
        (["tool"], "the tool it needs"),
    ]

    func convert(_ json: JSONValue, type: String, bedrockID: String, notes: inout [String]) throws(RecipeIngredients.Refusal) -> [JSONValue] {
        guard let station = converter.context.stations.station(for: type) else {
            throw .skipped("\(type) is a recipe type of a mod, run by its code: no inputs and outputs to read")
        }
        guard let inputValue = Self.inputKeys.lazy.compactMap({ json[$0] }).first else {
            throw .skipped("\(type) is a recipe type of a mod, run by its code: no inputs to read")
        }
        var lost: [String] = []
        var slots: [RecipeIngredients.Choices] = []
        for value in inputValue.arrayValue ?? [inputValue] {
            let choices = try converter.ingredients.choices(value)
            if choices.fluid {
                lost.append("fluids")
                continue
            }
            notes += choices.notes
            slots += Array(repeating: choices, count: max(1, min(choices.count, 9)))
        }
        if let container = json["container"] { slots.append(try converter.ingredients.choices(container)) }
        guard !slots.isEmpty else { throw .skipped("\(type): only fluids go in, and Bedrock crafting has no fluids") }
        guard slots.count <= 9 else { throw .skipped("\(type): \(slots.count) items go in (a crafting grid holds 9)") }
        let result = try output(json, lost: &lost)
        for (keys, what) in Self.lostKeys where keys.contains(where: { json[$0] != nil }) { lost.append(what) }
        notes.append("made at \(station.block) instead of \(type)" + (lost.isEmpty ? "" : "; lost: " + Array(Set(lost)).sorted().joined(separator: ", ")))
        return try converter.shapelessRecipes(slots, tags: [station.tag], result: result, bedrockID: bedrockID, notes: &notes)
    }

    /// The first guaranteed output (no chance, or a chance of 1).
    private func output(_ json: JSONValue, lost: inout [String]) throws(RecipeIngredients.Refusal) -> JSONValue {
        guard let value = Self.outputKeys.lazy.compactMap({ json[$0] }).first else { throw .failed("no output named") }
        var outputs = value.arrayValue ?? [value]
        outputs = outputs.filter { output in
            let guaranteed = (output["chance"]?.numberValue ?? output["probability"]?.numberValue ?? 1) >= 1
            if !guaranteed { lost.append("chance outputs") }
            if output["fluid"] != nil || output["fluidStack"] != nil { lost.append("fluids"); return false }
            return guaranteed
        }
        guard let first = outputs.first else { throw .skipped("only chance or fluid outputs: nothing is certain to come out") }
        if outputs.count > 1 { lost.append("extra outputs") }
        return try converter.result(first)
    }
}

/// Which block does each of the mod's recipe types' work, found before blocks are written so that
/// the block can carry `minecraft:crafting_table` with the types' crafting tags.
///
/// A block whose name names the work (`cooking_pot` for `cooking`, `crusher` for `crushing`) is
/// chosen; else the mod's block that best matches the type's words; else a station block is
/// generated (`<ns>:<type>_station`) wearing a texture of the mod.
struct WorkstationPlanner {
    /// A type's crafting tag and the Bedrock block that carries it.
    struct Station: Sendable {
        var tag: String
        var block: String
    }

    /// Stations by recipe type.
    private(set) var byType: [String: Station] = [:]
    /// Crafting tags by Java block id.
    private(set) var tagsByBlock: [ResourceLocation: [String]] = [:]
    /// Blocks to generate (id → the texture they wear).
    private(set) var generated: [ResourceLocation: ResourceLocation] = [:]
    /// The Bedrock ids of the generated blocks (the engine names them; the mod could not have).
    private(set) var generatedBedrockIDs: Set<String> = []

    static let empty = WorkstationPlanner()

    /// The station of a recipe type, when it has one.
    func station(for type: String) -> Station? { byType[type] }

    /// Plans stations for the workstation types `recipes` use, among `blocks`.
    static func plan(_ contents: ModContents, blocks: [ResourceLocation], namespaceOverride: String?) -> WorkstationPlanner {
        var planner = WorkstationPlanner()
        var types: Set<String> = []
        for (id, entry) in contents.recipes where contents.isOwn(id.namespace) {
            guard let json = contents.json(entry), json["pattern"] == nil else { continue }
            let type = RecipeConverter.type(json)
            guard !type.hasPrefix("minecraft:"), !type.hasPrefix("forge:"), !type.hasPrefix("neoforge:"), !type.hasPrefix("fabric:"),
                  !type.contains("shapeless"), WorkstationRecipes.inputKeys.contains(where: { json[$0] != nil }),
                  WorkstationRecipes.outputKeys.contains(where: { json[$0] != nil }) else { continue }
            types.insert(type)
        }
        // A texture of the mod for a generated station: a machine-like one when there is one.
        let blockTextures = contents.textures.keys.filter { contents.isOwn($0.namespace) && ($0.path.hasPrefix("block/") || $0.path.hasPrefix("blocks/")) }.sorted()
        let texture = blockTextures.first { texture in ["machine", "casing", "frame", "furnace", "bricks", "planks", "block"].contains { texture.name.contains($0) } }
            ?? blockTextures.first
        for type in types.sorted() {
            let path = String(type.split(separator: ":").last ?? "").replacingOccurrences(of: "/", with: "_")
            let namespace = String(type.split(separator: ":").first ?? "")
            let block: ResourceLocation
            if let found = best(for: path, among: blocks.filter { $0.namespace == namespace || contents.isOwn($0.namespace) }) {
                block = found
            } else if let texture {
                block = ResourceLocation(namespace: contents.isOwn(namespace) ? namespace : texture.namespace, path: "\(path)_station")
                planner.generated[block] = texture
            } else {
                continue
            }
            let tag = String(type.prefix(64))
            let bedrockID = "\(namespaceOverride ?? block.namespace):\(block.name)"
            if planner.generated[block] != nil { planner.generatedBedrockIDs.insert(bedrockID) }
            planner.byType[type] = Station(tag: tag, block: bedrockID)
            if planner.tagsByBlock[block, default: []].count < 64 { planner.tagsByBlock[block, default: []].append(tag) }
        }
        return planner
    }

    /// Words of a work → the names its machine usually has.
    static let machines: [String: [String]] = [
        "cooking": ["cooking_pot", "stove", "pot", "oven"], "cutting": ["cutting_board", "saw", "cutter"], "mixing": ["mixer", "basin"],
        "pressing": ["press"], "crushing": ["crusher", "crushing_wheel", "grinder", "pulverizer"], "milling": ["millstone", "mill", "grindstone"],
        "sawing": ["sawmill", "saw"], "smelting": ["smelter", "furnace"], "alloying": ["alloy_smelter", "alloy"], "enriching": ["enrichment_chamber", "enricher"],
        "compacting": ["compactor", "press"], "infusing": ["infuser", "infusion"], "grinding": ["grinder", "grindstone"], "pulverizer": ["pulverizer"],
        "fermenting": ["fermenter", "barrel"], "brewing": ["brewer", "keg", "barrel"], "squeezing": ["squeezer"], "drying": ["drying_rack", "dryer"],
        "washing": ["washer"], "melting": ["smeltery", "melter", "crucible"], "casting": ["casting_table", "casting_basin"], "centrifuge": ["centrifuge"],
        "sifting": ["sieve", "sifter"], "chopping": ["chopping_block", "chopping_board"], "baking": ["oven"], "juicing": ["juicer"],
    ]

    /// The block doing `work`: one its machine table names, else one whose name shares the work's stem.
    static func best(for work: String, among blocks: [ResourceLocation]) -> ResourceLocation? {
        let words = work.split(separator: "_").map(String.init)
        var bestScore = 0
        var chosen: ResourceLocation?
        for block in blocks.sorted() {
            var score = 0
            for word in words {
                for machine in machines[word] ?? [] where block.name == machine || block.name.hasSuffix("_" + machine) || block.name.hasPrefix(machine + "_") {
                    score = max(score, 3)
                }
                let stem = word.hasSuffix("ing") && word.count > 5 ? String(word.dropLast(3)) : word
                if stem.count >= 4, block.name.contains(stem) { score = max(score, 2) }
            }
            if score > bestScore {
                bestScore = score
                chosen = block
            }
        }
        return chosen
    }
}

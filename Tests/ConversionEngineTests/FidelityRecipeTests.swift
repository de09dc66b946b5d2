import ConversionEngine
import EngineFixtures
import Foundation
import Testing

/// Recipes, tags and loot that work on Bedrock (issue 18), one test per class, on fixtures modelled on
/// real mods: the recipes produced, the workstation blocks that make them, the loot the schema and the
/// game accept, and bounded work on hostile recipe data.
@Suite("Fidelity: recipes, tags and loot")
struct FidelityRecipeTests {
    typealias Converted = FidelityBlockTests.Converted

    /// The recipe files written for a Java recipe path (`name.json`, `name_1.json`, …), parsed.
    static func recipes(_ converted: Converted, _ path: String, namespace: String = "kitchen") throws -> [JSONValue] {
        let prefix = "\(converted.pack)_BP/recipes/\(namespace)/\(path)"
        let names = converted.result.files.keys.filter { $0 == prefix + ".json" || ($0.hasPrefix(prefix + "_") && Int($0.dropFirst(prefix.count + 1).dropLast(5)) != nil) }
        return try names.sorted().map { try converted.json($0) }
    }

    /// The body of a Bedrock recipe (`minecraft:recipe_shaped`, …) and its key.
    static func body(_ recipe: JSONValue) -> (kind: String, value: JSONValue)? {
        recipe.members?.first { $0.key.hasPrefix("minecraft:recipe_") }.map { ($0.key, $0.value) }
    }

    static func items(_ list: JSONValue?) -> [String] { list?.arrayValue?.compactMap { $0["item"]?.stringValue } ?? [] }
    static func tags(_ recipe: JSONValue) -> [String] { body(recipe)?.value["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    @Test func aModsWorkstationRecipesAreCraftedAtTheBlockThatDoesThatWork() async throws {
        let converted = try await Converted(.fidelityRecipes)
        let sauce = try Self.recipes(converted, "cooking/tomato_sauce")
        #expect(sauce.count == 1)
        let body = try #require(sauce.first.flatMap(Self.body))
        #expect(body.kind == "minecraft:recipe_shapeless")
        #expect(Self.tags(sauce[0]) == ["kitchen:cooking"])
        #expect(Self.items(body.value["ingredients"]).sorted() == ["kitchen:tomato", "kitchen:tomato", "minecraft:bowl"])
        #expect(body.value["result"]?["item"]?.stringValue == "kitchen:tomato_sauce")
        // The pot is found by its name and carries the type's crafting tag.
        let pot = try converted.block("cooking_pot", namespace: "kitchen")
        let table = try #require(pot["components"]?["minecraft:crafting_table"])
        #expect(table["crafting_tags"]?.arrayValue?.compactMap(\.stringValue) == ["kitchen:cooking"])
        #expect(table["table_name"]?.stringValue?.isEmpty == false)
        let line = try converted.feature(.recipe, "kitchen:cooking/tomato_sauce")
        #expect(line.status == .approximated)
        #expect(line.assumption?.standIn.contains("made at kitchen:cooking_pot") == true)
        #expect(line.assumption?.standIn.contains("time") == true && line.assumption?.standIn.contains("experience") == true)
        // A convention tag in a workstation recipe: c:eggs is the egg.
        let pasta = try Self.recipes(converted, "cooking/pasta")
        #expect(pasta.flatMap { Self.items(Self.body($0)?.value["ingredients"]) }.sorted() == ["minecraft:egg", "minecraft:wheat"])

        // No crusher block: a station is generated, wearing a texture of the mod; the chance output
        // is left out and named, the guaranteed one kept with its count.
        let crushed = try Self.recipes(converted, "crushing/ruby_ore")
        #expect(crushed.map(Self.tags) == [["kitchen:crushing"]])
        #expect(Self.body(crushed[0])?.value["result"]?["item"]?.stringValue == "kitchen:ruby_dust")
        #expect(Self.body(crushed[0])?.value["result"]?["count"]?.numberValue == 2)
        let station = try converted.block("crushing_station", namespace: "kitchen")
        #expect(station["components"]?["minecraft:crafting_table"]?["crafting_tags"]?.arrayValue?.compactMap(\.stringValue) == ["kitchen:crushing"])
        let crusherLine = try converted.feature(.recipe, "kitchen:crushing/ruby_ore")
        #expect(crusherLine.assumption?.standIn.contains("chance outputs") == true && crusherLine.assumption?.standIn.contains("energy") == true)
        // Only a fluid goes in: nothing to craft, said so.
        let lava = try converted.feature(.recipe, "kitchen:crushing/lava_only")
        #expect(lava.status == .skipped && lava.assumption?.reason.contains("fluids") == true)
    }

    @Test func aGeneratedStationIsNamedWithoutAMissingNameWarning() async throws {
        let mod = FixtureMod(name: "station", files: [
            ("fabric.mod.json", Data(#"{"schemaVersion": 1, "id": "station", "version": "1.0.0"}"#.utf8)),
            ("assets/station/blockstates/marble.json", Data(#"{"variants": {"": {"model": "station:block/marble"}}}"#.utf8)),
            ("assets/station/models/block/marble.json", Data(#"{"parent": "minecraft:block/cube_all", "textures": {"all": "station:block/marble"}}"#.utf8)),
            ("assets/station/textures/block/marble.png", PNGImage.solid(size: 16, red: 200, green: 200, blue: 210)),
            ("assets/station/lang/en_us.json", Data(#"{"block.station.marble": "Marble"}"#.utf8)),
            ("data/station/recipes/polished.json", Data(#"{"type": "station:polishing", "input": {"item": "station:marble"}, "output": {"item": "minecraft:quartz"}}"#.utf8)),
        ], expected: [:])
        let converted = try await Converted(mod)
        #expect(try converted.block("polishing_station", namespace: "station")["components"]?["minecraft:crafting_table"] != nil)
        let lang = String(decoding: try #require(converted.result.files["\(converted.pack)_RP/texts/en_US.lang"]), as: UTF8.self)
        #expect(lang.contains("tile.station:polishing_station.name=Polishing Station"))
        #expect(!converted.result.report.warnings.contains { $0.contains("missing from the mod's English lang file") }, "\(converted.result.report.warnings)")
    }

    @Test func everyRecipeTaggedForAStationIsCraftableAtABlockCarryingThatTag() async throws {
        let converted = try await Converted(.fidelityRecipes)
        let vanillaStations: Set<String> = ["crafting_table", "furnace", "blast_furnace", "smoker", "campfire", "soul_campfire", "stonecutter", "smithing_table"]
        var carried: Set<String> = []
        for (path, _) in converted.result.files where path.hasPrefix("\(converted.pack)_BP/blocks/") {
            let block = try converted.json(path)["minecraft:block"]
            for tag in block?["components"]?["minecraft:crafting_table"]?["crafting_tags"]?.arrayValue ?? [] { carried.insert(tag.stringValue ?? "") }
        }
        var stationTags: Set<String> = []
        for (path, _) in converted.result.files where path.hasPrefix("\(converted.pack)_BP/recipes/") {
            for tag in Self.tags(try converted.json(path)) where !vanillaStations.contains(tag) { stationTags.insert(tag) }
        }
        #expect(stationTags == ["kitchen:cooking", "kitchen:crushing"])
        #expect(stationTags.isSubset(of: carried), "tags no block carries: \(stationTags.subtracting(carried))")
    }

    @Test func tagsResolveThroughTheJarTheConventionsAndBedrocksOwnTags() async throws {
        let converted = try await Converted(.fidelityRecipes)
        // The mod's own tag with a nested tag: one recipe per member.
        let block = try Self.recipes(converted, "ruby_block")
        #expect(Set(block.compactMap { Self.body($0)?.value["key"]?["#"]?["item"]?.stringValue }) == ["kitchen:ruby", "kitchen:sapphire"])
        #expect(block.allSatisfy { Self.body($0)?.kind == "minecraft:recipe_shaped" })
        // The pre-1.21 folder `tags/items/`.
        let legacy = try Self.recipes(converted, "gem_from_legacy_tag")
        #expect(Set(legacy.flatMap { Self.items(Self.body($0)?.value["ingredients"]) }) == ["kitchen:ruby", "kitchen:sapphire", "minecraft:stick"])
        // A cycle is read once, every member kept.
        let looped = try Self.recipes(converted, "looped")
        #expect(Set(looped.flatMap { Self.items(Self.body($0)?.value["ingredients"]) }) == ["kitchen:ruby", "kitchen:sapphire"])
        // A convention tag from the engine's table, and a vanilla tag Bedrock has.
        let casing = try #require(try Self.recipes(converted, "casing").first.flatMap(Self.body)?.value["key"])
        #expect(casing["I"]?["item"]?.stringValue == "minecraft:iron_ingot")
        #expect(casing["P"]?["tag"]?.stringValue == "minecraft:planks")
        // A vanilla tag Bedrock lacks: one recipe per member, bounded and counted in the report.
        let buttons = try Self.recipes(converted, "wool_sauce")
        #expect(buttons.count >= 8 && buttons.count <= 16)
        #expect(buttons.allSatisfy { Self.items(Self.body($0)?.value["ingredients"]).contains("kitchen:tomato") })
        #expect(try converted.feature(.recipe, "kitchen:wool_sauce").assumption?.standIn.contains("one recipe each (\(buttons.count) written") == true)
        // A container Java gives back: one result (the schema takes no list), the bucket named.
        let milk = try Self.recipes(converted, "sauce_with_milk")
        #expect(milk.count == 1 && Self.body(milk[0])?.value["result"]?["item"]?.stringValue == "kitchen:tomato_sauce")
        #expect(try converted.feature(.recipe, "kitchen:sauce_with_milk").assumption?.standIn.contains("minecraft:bucket") == true)
        // A tag nothing defines is named.
        let unknown = try converted.feature(.recipe, "kitchen:unknown_tag")
        #expect(unknown.status == .skipped && unknown.assumption?.reason.contains("#othermod:widgets") == true)
    }

    @Test func furnaceRecipesWithATagOrAlternativesBecomeOneRecipePerItem() async throws {
        let converted = try await Converted(.fidelityRecipes)
        let ores = try Self.recipes(converted, "ruby_from_ores")
        #expect(ores.compactMap { Self.body($0)?.value["input"]?.stringValue } == ["kitchen:ruby_ore", "kitchen:deepslate_ruby_ore"])
        #expect(ores.allSatisfy { Self.body($0)?.kind == "minecraft:recipe_furnace" && Self.tags($0) == ["furnace"] })
        #expect(ores.allSatisfy { Self.body($0)?.value["output"]?.stringValue == "kitchen:ruby" })
        let blasting = try Self.recipes(converted, "ruby_blasting")
        #expect(blasting.compactMap { Self.body($0)?.value["input"]?.stringValue } == ["kitchen:raw_ruby", "kitchen:ruby_dust"])
        #expect(blasting.allSatisfy { Self.tags($0) == ["blast_furnace"] })
        // A furnace gives one item: said so.
        #expect(try Self.recipes(converted, "dried_tomato").map(Self.tags) == [["smoker"]])
        #expect(try converted.feature(.recipe, "kitchen:dried_tomato").assumption?.standIn.contains("gives one item") == true)
    }

    @Test func smithingUpgradesAreCraftedAndTrimsAreLeftToBedrocksTable() async throws {
        let converted = try await Converted(.fidelityRecipes)
        let upgrade = try Self.recipes(converted, "ruby_sword_smithing")
        #expect(upgrade.count == 2)  // the addition is a tag of two gems
        for recipe in upgrade {
            let ingredients = Self.items(Self.body(recipe)?.value["ingredients"])
            #expect(ingredients.contains("kitchen:ruby_upgrade_template") && ingredients.contains("minecraft:diamond_sword"))
            #expect(Self.body(recipe)?.value["result"]?["item"]?.stringValue == "kitchen:ruby_sword")
        }
        let legacy = try Self.recipes(converted, "legacy_smithing")
        #expect(legacy.map { Set(Self.items(Self.body($0)?.value["ingredients"])) } == [["minecraft:iron_sword", "kitchen:sapphire"]])
        let trim = try converted.feature(.recipe, "kitchen:ruby_trim")
        #expect(trim.status == .skipped && trim.assumption?.standIn.contains("smithing table") == true)
    }

    @Test func jsonMinecraftLoadsIsReadAndJsonItRejectsIsReportedWithItsPlace() async throws {
        let converted = try await Converted(.fidelityRecipes)
        // Content after the document is ignored.
        let trailing = try Self.recipes(converted, "trailing")
        #expect(trailing.count == 1 && Self.body(trailing[0])?.value["result"]?["count"]?.numberValue == 4)
        // A repeated member keeps its last value.
        #expect(try Self.recipes(converted, "repeated").first.flatMap(Self.body)?.value["result"]?["item"]?.stringValue == "kitchen:ruby_dust")
        // A missing comma is an error, with its line and column.
        let broken = try converted.feature(.recipe, "kitchen:broken")
        #expect(broken.status == .failed)
        #expect(broken.assumption?.reason.contains("line 3, column") == true, "\(broken.assumption?.reason ?? "")")
        #expect(try Self.recipes(converted, "broken").isEmpty)
    }

    @Test func lootTablesKeepToolsChancesAndLootingAndNameWhatBedrockLacks() async throws {
        let converted = try await Converted(.fidelityRecipes)
        func table(_ path: String) throws -> [JSONValue] {
            try #require(try converted.json("\(converted.pack)_BP/loot_tables/kitchen/\(path).json")["pools"]?.arrayValue)
        }
        func conditions(_ pool: JSONValue) -> [String] { pool["conditions"]?.arrayValue?.compactMap { $0["condition"]?.stringValue } ?? [] }
        // Silk touch only (glass-like): match_tool with the enchantment and a held item.
        let silk = try table("blocks/ruby_block")
        let tool = try #require(silk.first?["conditions"]?.arrayValue?.first)
        #expect(tool["condition"]?.stringValue == "match_tool" && tool["count"]?.numberValue == 1)
        #expect(tool["enchantments"]?.arrayValue?.first?["enchantment"]?.stringValue == "silk_touch")
        // A tool tag → Bedrock's tool tag.
        let pickaxe = try table("blocks/machine_casing")
        #expect(pickaxe.first?["conditions"]?.arrayValue?.first?["minecraft:match_tool_filter_any"]?.arrayValue == [.string("minecraft:is_pickaxe")])
        // Weight 0 is dropped (the schema wants ≥ 1) and named; copy_name and explosion chance named.
        let pot = try table("blocks/cooking_pot")
        #expect(pot.flatMap { $0["entries"]?.arrayValue ?? [] }.compactMap { $0["name"]?.stringValue } == ["kitchen:cooking_pot"])
        let potLine = try converted.feature(.lootTable, "kitchen:blocks/cooking_pot")
        #expect(potLine.status == .approximated)
        for lost in ["weight 0", "copy_name", "explosion survival"] { #expect(potLine.assumption?.standIn.contains(lost) == true, "\(lost)") }
        // Ores: the plain drop of the alternatives is kept; fortune and explosion decay are named.
        let ore = try table("blocks/ruby_ore")
        #expect(ore.flatMap { $0["entries"]?.arrayValue ?? [] }.compactMap { $0["name"]?.stringValue } == ["kitchen:raw_ruby"])
        #expect(try converted.feature(.lootTable, "kitchen:blocks/ruby_ore").assumption?.standIn.contains("fortune") == true)
        // Entities: integer rolls, looting, a chance entry in a pool of its own, killed_by_player.
        let golem = try table("entities/tomato_golem")
        #expect(golem.count == 3)
        #expect(golem[0]["rolls"]?["min"]?.numberValue == 1 && golem[0]["rolls"]?["max"]?.numberValue == 3)
        let plain = golem[0]["entries"]?.arrayValue ?? []
        #expect(plain.compactMap { $0["type"]?.stringValue } == ["item", "empty"])
        #expect(plain.first?["weight"]?.numberValue == 3)
        #expect(plain.first?["functions"]?.arrayValue?.compactMap { $0["function"]?.stringValue } == ["set_count", "looting_enchant"])
        #expect(conditions(golem[1]) == ["random_chance"] && golem[1]["entries"]?.arrayValue?.first?["name"]?.stringValue == "kitchen:ruby")
        #expect(conditions(golem[2]) == ["killed_by_player", "random_chance_with_looting"])
        // Every table is integer-weighted and integer-rolled (the schema's rules).
        for path in converted.result.files.keys where path.contains("_BP/loot_tables/") {
            for pool in try converted.json(path)["pools"]?.arrayValue ?? [] {
                for entry in pool["entries"]?.arrayValue ?? [] {
                    let weight = entry["weight"]?.numberValue ?? 1
                    #expect(weight >= 1 && weight == weight.rounded(), "\(path)")
                }
                for value in [pool["rolls"], pool["rolls"]?["min"], pool["rolls"]?["max"]].compactMap({ $0?.numberValue }) {
                    #expect(value == value.rounded(), "\(path)")
                }
            }
        }
    }

    @Test func noRecipeNamesAnItemNeitherBedrockNorTheAddonDefines() async throws {
        let converted = try await Converted(.fidelityRecipes)
        let refdata = EngineTestSupport.shared.appendingPathComponent("refdata/java-bedrock-items.json")
        let table = try LenientJSONParser().parse(try Data(contentsOf: refdata))
        var known: Set<String> = Set((table.members ?? []).compactMap { $0.value["bedrock_identifier"]?.stringValue })
        for (path, _) in converted.result.files where path.contains("_BP/items/") || path.contains("_BP/blocks/") {
            let file = try converted.json(path)
            for key in ["minecraft:item", "minecraft:block"] {
                if let id = file[key]?["description"]?["identifier"]?.stringValue { known.insert(id) }
            }
        }
        var named: [String] = []
        func collect(_ value: JSONValue?) {
            guard let value else { return }
            if let text = value.stringValue { named.append(text); return }
            if let list = value.arrayValue { list.forEach(collect); return }
            if let item = value["item"]?.stringValue { named.append(item) }
        }
        var recipes = 0
        for (path, _) in converted.result.files where path.contains("_BP/recipes/") {
            guard let body = Self.body(try converted.json(path))?.value else { continue }
            recipes += 1
            collect(body["ingredients"])
            for member in body["key"]?.members ?? [] { collect(member.value) }
            collect(body["result"])
            collect(body["input"])
            collect(body["output"])
        }
        #expect(recipes >= 25)
        // Furnace strings carry a data value after a second colon.
        let unknown = named.map { $0.split(separator: ":").prefix(2).joined(separator: ":") }.filter { !known.contains($0) }
        #expect(unknown.isEmpty, "\(unknown)")
    }

    @Test func hostileRecipeDataIsBoundedAndReported() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let converted = try await Converted(.fidelityRecipesHostile)
        // Bounded work: far below a hang on two cores, even in a debug build.
        #expect(clock.now - start < .seconds(60))
        let ns = "hostilerecipes"
        // A 50,000-member tag: read up to the bound, its Bedrock members used.
        let huge = try Self.recipes(converted, "from_huge", namespace: ns)
        #expect(huge.count == 1 && Self.items(Self.body(huge[0])?.value["ingredients"]) == ["minecraft:diamond"])
        #expect(try converted.feature(.recipe, "\(ns):from_huge").assumption?.standIn.contains("first \(RecipeLimits.maxTagMembers) members") == true)
        // A ring of tags: read once.
        let ring = try Self.recipes(converted, "from_ring", namespace: ns)
        #expect(ring.count == 1 && Self.items(Self.body(ring[0])?.value["ingredients"]) == ["minecraft:stick"])
        // 10,000 alternatives: read (one furnace recipe, the duplicates folded); one more: refused.
        #expect(try Self.recipes(converted, "ten_thousand", namespace: ns).count == 1)
        let tooMany = try converted.feature(.recipe, "\(ns):one_too_many")
        #expect(tooMany.status == .failed && tooMany.assumption?.reason.contains("10001 alternatives") == true, "\(tooMany.assumption?.reason ?? "")")
        // Ingredients nested 20 deep, and JSON nested 100,000 deep.
        let nested = try converted.feature(.recipe, "\(ns):nested_ingredients")
        #expect(nested.status == .failed && nested.assumption?.reason.contains("nested deeper") == true)
        let deep = try converted.feature(.recipe, "\(ns):deep_json")
        #expect(deep.status == .failed && deep.assumption?.reason.contains("nest") == true)
        // Nine slots of four alternatives (262,144 combinations): the first 16, the total counted.
        let product = try Self.recipes(converted, "product", namespace: ns)
        #expect(product.count == RecipeLimits.maxExpansion)
        #expect(try converted.feature(.recipe, "\(ns):product").assumption?.standIn.contains("written of") == true)
    }

    @Test func theRecipeAddonsAreSchemaValidAndDeterministic() async throws {
        for fixture in [FixtureMod.fidelityRecipes, .fidelityRecipesHostile] {
            let first = try await ConversionEngine().convert(jar: fixture.jar)
            let second = try await ConversionEngine().convert(jar: fixture.jar)
            #expect(first.addon == second.addon, "\(fixture.name)")
            #expect(first.crossReferenceProblems.isEmpty, "\(fixture.name): \(first.crossReferenceProblems)")
            try await EngineTestSupport.expectValid(first.addon, fixture.name)
        }
    }
}

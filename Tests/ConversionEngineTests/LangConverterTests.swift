import ConversionEngine
import Foundation
import Testing

@Suite("Lang files, Java to Bedrock")
struct LangConverterTests {
    @Test(arguments: [
        ("block.ruby.ruby_block", "tile.ruby:ruby_block.name"),
        ("item.ruby.ruby", "item.ruby:ruby"),
        ("itemGroup.ruby", "itemGroup.ruby"),
        ("block.ruby.ruby_block.desc", "block.ruby.ruby_block.desc"),
    ])
    func keysMapToBedrock(java: String, bedrock: String) {
        #expect(LangConverter.bedrockKey(java, namespace: "ruby") == bedrock)
    }

    @Test func legacyKeysTakeTheModsNamespace() {
        #expect(LangConverter.bedrockKey("tile.ruby_ore.name", namespace: "ruby", legacy: true) == "tile.ruby:ruby_ore.name")
        #expect(LangConverter.bedrockKey("item.gem.name", namespace: "ruby", legacy: true) == "item.ruby:gem")
        #expect(LangConverter.bedrockKey("item.gem.name", namespace: "ruby") == "item.gem:name")
        #expect(LangConverter.bedrockKey("itemGroup.tab", namespace: "ruby", legacy: true) == "itemGroup.tab")
    }

    @Test(arguments: [
        ("%s and %s", "%s and %s"), ("%1$s of %2$s", "%1 of %2"), ("%d rubies", "%s rubies"),
        ("100%%", "100%%"), ("50% off", "50% off"), ("line\nbreak", "line break"),
    ])
    func formatCodesBecomeBedrocks(java: String, bedrock: String) {
        #expect(LangConverter.bedrockText(java) == bedrock)
    }

    @Test func localesMapAndUnknownOnesAreDropped() {
        #expect(LangConverter.bedrockLocale(forFile: "assets/ruby/lang/en_us.json") == "en_US")
        #expect(LangConverter.bedrockLocale(forFile: "assets/ruby/lang/pt_BR.lang") == "pt_BR")
        #expect(LangConverter.bedrockLocale(forFile: "assets/ruby/lang/lol_us.json") == nil)
        #expect(LangConverter.bedrockLocale(forFile: "assets/ruby/lang/eo_uy.json") == nil)
        #expect(LangConverter.bedrockLocales.count == 29)
    }

    @Test func theLocaleListMatchesTheBedrockSchema() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = root.deletingLastPathComponent().appendingPathComponent("shared/bedrock-schemas/language/languages.json")
        try #require(FileManager.default.fileExists(atPath: schema.path), "shared/ must sit beside the repository")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: schema)) as? [String: Any]
        let allowed = (json?["items"] as? [String: Any])?["enum"] as? [String]
        #expect(allowed == LangConverter.bedrockLocales)
    }

    @Test func jsonAndLegacyFilesProduceSortedDeterministicLang() throws {
        let json = try LenientJSONParser().parse(Array(#"{"item.ruby.ruby": "Ruby", "block.ruby.ruby_block": "Block of %1$s"}"#.utf8))
        #expect(LangConverter.bedrockLang(LangConverter.entries(fromJSON: json), namespace: "ruby")
            == "item.ruby:ruby=Ruby\ntile.ruby:ruby_block.name=Block of %1\n")
        let legacy = "# comment\n\ntile.ruby_ore.name=Ruby Ore\nitem.gem.name = Gem\n"
        #expect(LangConverter.bedrockLang(LangConverter.entries(fromLegacy: legacy), namespace: "ruby", legacy: true)
            == "item.ruby:gem= Gem\ntile.ruby:ruby_ore.name=Ruby Ore\n")
    }
}

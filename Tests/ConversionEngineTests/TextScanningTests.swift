@testable import ConversionEngine
import Foundation
import Testing

/// The engine's own string scans, which replaced Foundation's bridged ones on the hot paths of real
/// mods, answer exactly as Foundation did.
@Suite("Text scans on the hot paths")
struct TextScanningTests {
    static let samples = [
        "", " ", "\t", "stone", " minecraft:stone ", "\tblock/ruby\t", "a b", "\u{00A0}x\u{3000}", "\u{2003}\u{2003}", "x\n", "\ny",
        " e\u{301} ", "\u{301} ", " \u{FEFF}z", "ns:path/with space ", "\u{200B}zero-width\u{200B}", "é ", "ÅÄÖ\t",
    ]

    @Test func trimmingSpacesIsFoundationsWhitespaceTrim() {
        let ascii = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }.map { "\($0)x\($0)" }
        for sample in Self.samples + ascii {
            #expect(sample.trimmingSpaces == sample.trimmingCharacters(in: .whitespaces), "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
            let sub = sample[...]
            #expect(sub.trimmingSpaces == sub.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func resourceLocationsStillRefuseParentFoldersAndAcceptDots() {
        #expect(ResourceLocation("mod:block/../x") == nil)
        #expect(ResourceLocation("mod:..") == nil)
        #expect(ResourceLocation("mod:a.b.c")?.path == "a.b.c")
        #expect(ResourceLocation(" mod:block/ruby ")?.description == "mod:block/ruby")
        #expect(ResourceLocation("\u{3000}mod:x") == ResourceLocation("mod:x"))
    }

    @Test func instanceNamesKeepLettersDigitsAndUnderscoresOnly() {
        for key in ["all", "side_0", "#top", "layer0", "a-b", "über", "画", "x y", ""] {
            let expected = String(key.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || $0 == "_" ? Character($0) : "_" })
            #expect(BlockLooks.instanceName(key) == (expected.isEmpty ? "texture" : expected))
        }
    }

    @Test func textureKeysReplaceEverySlash() {
        #expect(TextureAtlas.key(ResourceLocation(namespace: "mod", path: "block/ores/ruby")) == "mod_block_ores_ruby")
    }

    @Test func javaTextWithoutFormatsOrLineFeedsIsItsOwnBedrockText() {
        for text in ["Ruby Block", "100% pure", "two\nlines", "crlf\r\nline", "%1$s of %2$s", "plain é"] {
            let converted = LangConverter.bedrockText(text)
            if !text.contains("%") && !text.contains("\n") { #expect(converted == text) }
        }
        #expect(LangConverter.bedrockText("two\nlines") == "two lines")
        #expect(LangConverter.bedrockText("%1$s of %2$s") == "%1 of %2")
    }
}

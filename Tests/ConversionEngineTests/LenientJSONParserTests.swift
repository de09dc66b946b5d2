import ConversionEngine
import Testing

@Suite("Lenient JSON, as Minecraft reads it")
struct LenientJSONParserTests {
    let parser = LenientJSONParser()

    func parse(_ text: String) throws -> JSONValue { try parser.parse(Array(text.utf8)) }

    @Test func strictJSONParsesWithMembersInFileOrder() throws {
        let value = try parse(#"{"z": 1, "a": [true, false, null, -2.5e1], "m": {"k": "v\u00e9\n"}}"#)
        #expect(value.members?.map(\.key) == ["z", "a", "m"])
        #expect(value["a"] == .array([.bool(true), .bool(false), .null, .number(-25)]))
        #expect(value["m"]?["k"]?.stringValue == "vé\n")
    }

    @Test func commentsTrailingCommasSingleQuotesAndBareKeysAreAccepted() throws {
        let text = """
            \u{FEFF}// a model
            {
              # gson allows hash comments too
              'parent': 'block/cube_all', /* inline */
              textures: { all: "example:block/ruby", },
              "list": [1, 2, 3,],
            }
            """
        let value = try parse(text)
        #expect(value["parent"]?.stringValue == "block/cube_all")
        #expect(value["textures"]?["all"]?.stringValue == "example:block/ruby")
        #expect(value["list"]?.arrayValue?.count == 3)
    }

    @Test func contentAfterTheDocumentIsIgnoredAndARepeatedMemberKeepsItsLastValueAsMinecraftDoes() throws {
        let value = try parse(#"{"a": 1, "b": 2, "a": 3} trailing text, even {"another": "document"}"#)
        #expect(value.members?.map(\.key) == ["a", "b"])
        #expect(value["a"] == .number(3))
        #expect(try parse("[1]]]") == .array([.number(1)]))
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(arguments: [
        (#"{"a": 1"#, "object is never closed"),
        (#"[1, 2"#, "array is never closed"),
        (#"{"a" 1}"#, "expected ':'"),
        (#""abc"#, "string is never closed"),
        (#""\q""#, "unknown escape"),
        (#"/* open"#, "comment is never closed"),
        (#"{"n": 1e999}"#, "is not a number"),
        (#""\udc00""#, "lone surrogate"),
        ("", "unexpected end of document"),
    ])
    func malformedDocumentsNameTheProblem(text: String, expected: String) {
        #expect {
            try parse(text)
        } throws: { error in
            (error as? JSONParseError)?.message.contains(expected) == true
        }
    }

    @Test func errorsCarryLineAndColumn() {
        #expect {
            try parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.line == 3 && error.column == 8
        }
    }

    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            try parse(deep)
        } throws: { error in
            (error as? JSONParseError)?.message == "nesting deeper than 64 levels"
        }
        #expect(throws: Never.self) { try parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) }
    }

    @Test func oversizedInputIsRefusedBeforeParsing() {
        let whitespace = [UInt8](repeating: 0x20, count: 50 << 20)
        #expect {
            try parser.parse(whitespace)
        } throws: { error in
            (error as? JSONParseError)?.message.contains("the limit is") == true
        }
    }

    @Test func invalidUTF8InAStringIsRefused() {
        #expect(throws: JSONParseError.self) { try parser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }
}

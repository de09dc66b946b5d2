import Contracts
import Foundation
import Testing

@testable import ConversionService

/// JSON Patch (RFC 6902) as the collaboration edits use it: a pure-logic suite.
@Suite("JSON Patch")
struct JSONPatchTests {
    static func json(_ text: String) throws -> Contracts.JSONValue {
        try JSONDecoder().decode(Contracts.JSONValue.self, from: Data(text.utf8))
    }

    static func patch(_ text: String) throws -> JSONPatch {
        try JSONPatch(JSONDecoder().decode([JSONPatch.Operation].self, from: Data(text.utf8)))
    }

    @Test func theRFCExamplesApply() throws {
        let document = try Self.json(#"{"a": {"b": ["x", "y"]}, "c": 1, "d~e": {"f/g": 2}}"#)
        let patched = try Self.patch("""
            [{"op": "add", "path": "/a/b/1", "value": "w"}, {"op": "add", "path": "/a/b/-", "value": "z"},
             {"op": "remove", "path": "/c"}, {"op": "replace", "path": "/d~0e/f~1g", "value": 3},
             {"op": "copy", "from": "/a/b/0", "path": "/first"}, {"op": "move", "from": "/first", "path": "/moved"},
             {"op": "test", "path": "/moved", "value": "x"}]
            """).apply(to: document)
        #expect(patched == (try Self.json(#"{"a": {"b": ["x", "w", "y", "z"]}, "d~e": {"f/g": 3}, "moved": "x"}"#)))
    }

    @Test func aFailingOperationLeavesNothingApplied() throws {
        let document = try Self.json(#"{"a": 1}"#)
        let patch = try Self.patch(#"[{"op": "replace", "path": "/a", "value": 2}, {"op": "remove", "path": "/missing"}]"#)
        #expect(throws: JSONPatch.Failure.self) { try patch.apply(to: document) }
        let test = try Self.patch(#"[{"op": "test", "path": "/a", "value": 5}]"#)
        #expect(throws: JSONPatch.Failure(code: "test_failed", message: "the value at /a is not the one tested for")) { try test.apply(to: document) }
    }

    @Test(arguments: [
        #"[]"#, #"[{"op": "teleport", "path": "/a"}]"#, #"[{"op": "add", "path": "a", "value": 1}]"#,
        #"[{"op": "add", "path": "/a"}]"#, #"[{"op": "move", "path": "/a"}]"#,
        // NUL (U+0000), which PostgreSQL cannot keep, in a value, a key or a pointer.
        #"[{"op": "add", "path": "/a", "value": "x\u0000y"}]"#, #"[{"op": "add", "path": "/a", "value": {"k\u0000": 1}}]"#,
        #"[{"op": "add", "path": "/a\u0000", "value": 1}]"#, #"[{"op": "copy", "from": "/\u0000", "path": "/b"}]"#,
    ])
    func malformedPatchesAreRefused(text: String) throws {
        let operations = try JSONDecoder().decode([JSONPatch.Operation].self, from: Data(text.utf8))
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch(operations) }
    }

    @Test func pathsOverlapWhenOneHoldsTheOther() {
        #expect(JSONPatch.overlap("/a/b", "/a/b"))
        #expect(JSONPatch.overlap("/a", "/a/b/c"))
        #expect(JSONPatch.overlap("/a/b/c", "/a"))
        #expect(!JSONPatch.overlap("/a/b", "/a/bc"))
        #expect(!JSONPatch.overlap("/x", "/y"))
    }
}

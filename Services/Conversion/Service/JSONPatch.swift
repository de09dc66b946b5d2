import Foundation
import Contracts

/// JSON Patch (RFC 6902) over ``Contracts/JSONValue`` with JSON Pointers (RFC 6901): `add`,
/// `remove`, `replace`, `move`, `copy` and `test`, applied in order to a copy (all or nothing).
struct JSONPatch: Sendable {
    /// One operation as sent.
    struct Operation: Codable, Sendable, Equatable {
        let op: String
        let path: String
        let from: String?
        let value: JSONValue?
    }

    /// Why a patch was refused.
    struct Failure: Error, Equatable {
        /// `invalid_patch` (malformed, or a path that does not exist) or `test_failed`.
        let code: String
        let message: String
    }

    let operations: [Operation]

    /// Checks the operations' shape. - Throws: ``Failure`` `invalid_patch`.
    init(_ operations: [Operation]) throws(Failure) {
        guard !operations.isEmpty, operations.count <= 100 else { throw Self.invalid("a patch holds 1 to 100 operations") }
        for operation in operations {
            guard ["add", "remove", "replace", "move", "copy", "test"].contains(operation.op) else {
                throw Self.invalid("unknown op \"\(operation.op)\"; use add, remove, replace, move, copy or test")
            }
            guard !operation.path.utf8.contains(0), !(operation.from?.utf8.contains(0) ?? false), !(operation.value?.containsNUL ?? false) else {
                throw Self.invalid("a patch may not hold a NUL character (U+0000)")
            }
            _ = try Self.tokens(operation.path)
            if ["move", "copy"].contains(operation.op) {
                guard let from = operation.from else { throw Self.invalid("\(operation.op) needs \"from\"") }
                _ = try Self.tokens(from)
            }
            if ["add", "replace", "test"].contains(operation.op), operation.value == nil {
                throw Self.invalid("\(operation.op) needs \"value\"")
            }
        }
        self.operations = operations
    }

    /// Every pointer the patch writes or reads from (for conflict detection).
    var touched: [String] { operations.flatMap { [$0.path] + ($0.from.map { [$0] } ?? []) } }

    /// Whether two pointers overlap: equal, or one inside the other.
    static func overlap(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + "/") || b.hasPrefix(a + "/") || a.isEmpty || b.isEmpty
    }

    /// The document with every operation applied. - Throws: ``Failure``.
    func apply(to document: JSONValue) throws(Failure) -> JSONValue {
        var result = document
        for operation in operations {
            let path = try Self.tokens(operation.path)
            switch operation.op {
            case "add": result = try Self.place(operation.value ?? .null, at: path, in: result, inserting: true)
            case "remove": result = try Self.remove(at: path, in: result).document
            case "replace":
                _ = try Self.value(at: path, in: result)
                result = try Self.place(operation.value ?? .null, at: path, in: result, inserting: false)
            case "move":
                let from = try Self.tokens(operation.from ?? "")
                guard !(operation.path.hasPrefix((operation.from ?? "") + "/")) else { throw Self.invalid("cannot move a value into itself") }
                let (rest, moved) = try Self.remove(at: from, in: result)
                result = try Self.place(moved, at: path, in: rest, inserting: true)
            case "copy":
                result = try Self.place(try Self.value(at: try Self.tokens(operation.from ?? ""), in: result), at: path, in: result, inserting: true)
            default:
                guard try Self.value(at: path, in: result) == operation.value else {
                    throw Failure(code: "test_failed", message: "the value at \(operation.path) is not the one tested for")
                }
            }
        }
        return result
    }

    // MARK: - Pointers

    static func invalid(_ message: String) -> Failure { Failure(code: "invalid_patch", message: message) }

    static func tokens(_ pointer: String) throws(Failure) -> [String] {
        guard !pointer.isEmpty else { return [] }
        guard pointer.hasPrefix("/"), pointer.utf8.count <= 1_024 else { throw invalid("\"\(pointer.prefix(64))\" is not a JSON Pointer") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    static func value(at path: [String], in document: JSONValue) throws(Failure) -> JSONValue {
        var current = document
        for token in path {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw invalid("no member \"\(token)\"") }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index), token == String(index) else { throw invalid("no element \(token)") }
                current = items[index]
            default: throw invalid("\"\(token)\" goes below a plain value")
            }
        }
        return current
    }

    /// Writes `value` at `path` (or replaces the whole document): `inserting` adds — an array
    /// grows, `-` appends — otherwise the element there is replaced.
    static func place(_ value: JSONValue, at path: [String], in document: JSONValue, inserting: Bool) throws(Failure) -> JSONValue {
        try edit(path, in: document) { parent, last throws(Failure) in
            switch parent {
            case .object(var members):
                members[last] = value
                return .object(members)
            case .array(var items):
                if inserting && last == "-" {
                    items.append(value)
                } else if inserting {
                    guard let index = Int(last), index >= 0, index <= items.count, last == String(index) else { throw invalid("no position \(last)") }
                    items.insert(value, at: index)
                } else {
                    guard let index = Int(last), items.indices.contains(index) else { throw invalid("no element \(last)") }
                    items[index] = value
                }
                return .array(items)
            default: throw invalid("\"\(last)\" goes below a plain value")
            }
        } whole: { value }
    }

    static func remove(at path: [String], in document: JSONValue) throws(Failure) -> (document: JSONValue, removed: JSONValue) {
        let removed = try value(at: path, in: document)
        guard !path.isEmpty else { throw invalid("the whole document cannot be removed") }
        let rest = try edit(path, in: document) { parent, last throws(Failure) in
            switch parent {
            case .object(var members):
                members[last] = nil
                return .object(members)
            case .array(var items):
                guard let index = Int(last), items.indices.contains(index) else { throw invalid("no element \(last)") }
                items.remove(at: index)
                return .array(items)
            default: throw invalid("\"\(last)\" goes below a plain value")
            }
        } whole: { .null }
        return (rest, removed)
    }

    /// Rebuilds the document with the parent of `path` changed by `change`.
    private static func edit(
        _ path: [String], in document: JSONValue, change: (JSONValue, String) throws(Failure) -> JSONValue, whole: () -> JSONValue
    ) throws(Failure) -> JSONValue {
        guard let last = path.last else { return whole() }
        let parentPath = Array(path.dropLast())
        let parent = try value(at: parentPath, in: document)
        return try set(try change(parent, last), atExisting: parentPath, in: document)
    }

    private static func set(_ value: JSONValue, atExisting path: [String], in document: JSONValue) throws(Failure) -> JSONValue {
        guard let first = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch document {
        case .object(var members):
            guard let child = members[first] else { throw invalid("no member \"\(first)\"") }
            members[first] = try set(value, atExisting: rest, in: child)
            return .object(members)
        case .array(var items):
            guard let index = Int(first), items.indices.contains(index) else { throw invalid("no element \(first)") }
            items[index] = try set(value, atExisting: rest, in: items[index])
            return .array(items)
        default: throw invalid("\"\(first)\" goes below a plain value")
        }
    }
}

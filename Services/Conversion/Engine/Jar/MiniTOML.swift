import Foundation

/// The subset of TOML that `mods.toml` and `neoforge.mods.toml` use: `key = value` pairs, `[table]`
/// and `[[array.of.tables]]` headers, basic/literal/multi-line strings, booleans, numbers and
/// single-line arrays, `#` comments. Enough to read mod metadata; not a general TOML parser.
public struct MiniTOML: Sendable, Equatable {
    /// A value as read.
    public enum Value: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case number(Double)
        case array([Value])

        public var stringValue: String? {
            if case .string(let text) = self { return text }
            return nil
        }
    }

    /// Keys before the first header.
    public private(set) var root: [String: Value] = [:]
    /// Each `[[name]]` header's tables, in file order.
    public private(set) var tableArrays: [String: [[String: Value]]] = [:]
    /// Each `[name]` header's keys.
    public private(set) var tables: [String: [String: Value]] = [:]

    /// Where a line could not be read.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    private enum Target { case root, table(String), arrayElement(String) }

    public init(_ text: String) throws(ParseError) {
        var target = Target.root
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var number = 0
        while number < lines.count {
            var line = lines[number]
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("[[") {
                guard let end = trimmed.range(of: "]]") else { throw ParseError(line: number, message: "unclosed [[ header") }
                let name = String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<end.lowerBound]).trimmingCharacters(in: .whitespaces)
                tableArrays[name, default: []].append([:])
                target = .arrayElement(name)
                continue
            }
            if trimmed.hasPrefix("[") {
                guard let end = trimmed.firstIndex(of: "]") else { throw ParseError(line: number, message: "unclosed [ header") }
                let name = String(trimmed[trimmed.index(after: trimmed.startIndex)..<end]).trimmingCharacters(in: .whitespaces)
                tables[name, default: [:]] = tables[name] ?? [:]
                target = .table(name)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw ParseError(line: number, message: "expected key = value") }
            let key = Self.unquote(line[..<equals].trimmingCharacters(in: .whitespaces))
            var rest = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            // Multi-line strings continue until their closing delimiter.
            for delimiter in ["'''", "\"\"\""] where rest.hasPrefix(delimiter) {
                var body = String(rest.dropFirst(3))
                while !body.contains(delimiter) {
                    guard number < lines.count else { throw ParseError(line: number, message: "multi-line string is never closed") }
                    line = lines[number]
                    number += 1
                    body += "\n" + line
                }
                guard let close = body.range(of: delimiter) else { throw ParseError(line: number, message: "multi-line string is never closed") }
                let content = body[..<close.lowerBound]
                let value = String(content.hasPrefix("\n") ? content.dropFirst() : content)
                rest = ""
                store(key, .string(delimiter == "'''" ? value : Self.unescape(value)), in: target)
            }
            guard !rest.isEmpty else { continue }
            var scanner = Substring(rest)
            guard let value = Self.value(&scanner) else { throw ParseError(line: number, message: "cannot read the value of \(key)") }
            store(key, value, in: target)
        }
    }

    private mutating func store(_ key: String, _ value: Value, in target: Target) {
        switch target {
        case .root: root[key] = value
        case .table(let name): tables[name, default: [:]][key] = value
        case .arrayElement(let name):
            var list = tableArrays[name] ?? [[:]]
            list[list.count - 1][key] = value
            tableArrays[name] = list
        }
    }

    private static func value(_ text: inout Substring) -> Value? {
        text = text.drop { $0 == " " || $0 == "\t" }
        guard let first = text.first else { return nil }
        switch first {
        case "\"", "'":
            var out = ""
            var index = text.index(after: text.startIndex)
            while index < text.endIndex, text[index] != first {
                if first == "\"", text[index] == "\\", text.index(after: index) < text.endIndex {
                    out.append(text[index])
                    index = text.index(after: index)
                }
                out.append(text[index])
                index = text.index(after: index)
            }
            guard index < text.endIndex else { return nil }
            text = text[text.index(after: index)...]
            return .string(first == "\"" ? unescape(out) : out)
        case "[":
            text = text.dropFirst()
            var values: [Value] = []
            while true {
                text = text.drop { $0 == " " || $0 == "\t" || $0 == "," }
                if text.first == "]" { text = text.dropFirst(); return .array(values) }
                guard let element = value(&text) else { return nil }
                values.append(element)
            }
        default:
            let word = text.prefix { !" \t,]#".contains($0) }
            text = text.dropFirst(word.count)
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            return Double(word.replacingOccurrences(of: "_", with: "")).map(Value.number)
        }
    }

    private static func unquote(_ key: String) -> String {
        if key.count >= 2, let first = key.first, first == key.last, first == "\"" || first == "'" {
            return String(key.dropFirst().dropLast())
        }
        return key
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

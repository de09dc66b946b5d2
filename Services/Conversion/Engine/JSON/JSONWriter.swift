import Contracts

/// Writes a ``JSONValue`` as pretty-printed JSON: two-space indent, members in the order given,
/// integral numbers without a fraction, `\n` line ends. The same value always gives the same
/// bytes, which the add-on's reproducibility rests on.
public enum JSONWriter {
    /// The JSON text of `value`, ending with a newline.
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        append(value, indent: 0, to: &out)
        return out + "\n"
    }

    private static func append(_ value: JSONValue, indent: Int, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += format(number)
        case .string(let text): out += quote(text)
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            // Short arrays of scalars (versions, uv pairs) stay on one line, as Bedrock's own files do.
            if values.count <= 4, values.allSatisfy(isScalar) {
                out += "[" + values.map { write(scalar: $0) }.joined(separator: ", ") + "]"
                return
            }
            out += "[\n"
            for (index, element) in values.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                append(element, indent: indent + 1, to: &out)
                out += index == values.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (index, member) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1) + quote(member.key) + ": "
                append(member.value, indent: indent + 1, to: &out)
                out += index == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }

    private static func write(scalar value: JSONValue) -> String {
        var out = ""
        append(value, indent: 0, to: &out)
        return out
    }

    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return number.isFinite ? String(number) : "0"
    }

    static func quote(_ text: String) -> String { JSONText.quote(text) }
}

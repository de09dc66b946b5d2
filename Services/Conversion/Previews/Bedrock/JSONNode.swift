/// A JSON value and where it sits in the file, with readers that throw precise errors.
struct JSONNode {
    let value: JSONValue
    let path: String

    func member(_ key: String) -> JSONNode? {
        guard case let .object(members) = value, let found = members[key], found != .null else { return nil }
        return JSONNode(value: found, path: path.isEmpty ? key : "\(path).\(key)")
    }

    func required(_ key: String) throws(GeometryError) -> JSONNode {
        _ = try object()
        guard let found = member(key) else { throw .missing(path: path.isEmpty ? key : "\(path).\(key)") }
        return found
    }

    func object() throws(GeometryError) -> [String: JSONValue] {
        guard case let .object(members) = value else { throw .invalid(path: path.isEmpty ? "the file" : path, reason: "expected an object") }
        return members
    }

    func array() throws(GeometryError) -> [JSONNode] {
        guard case let .array(items) = value else { throw .invalid(path: path, reason: "expected an array") }
        return items.enumerated().map { JSONNode(value: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(GeometryError) -> String {
        guard case let .string(text) = value else { throw .invalid(path: path, reason: "expected a string") }
        return text
    }

    func bool() throws(GeometryError) -> Bool {
        guard case let .bool(flag) = value else { throw .invalid(path: path, reason: "expected true or false") }
        return flag
    }

    /// A number within `range` (model coordinates are kept within ±4096 pixels).
    func number(in range: ClosedRange<Double> = -4096...4096) throws(GeometryError) -> Double {
        guard case let .number(number) = value else { throw .invalid(path: path, reason: "expected a number") }
        guard number.isFinite, range.contains(number) else {
            throw .invalid(path: path, reason: "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    /// Exactly `count` numbers, each within `range`.
    func numbers(_ count: Int, in range: ClosedRange<Double> = -4096...4096) throws(GeometryError) -> [Double] {
        let items = try array()
        guard items.count == count else { throw .invalid(path: path, reason: "expected \(count) numbers, found \(items.count) values") }
        var numbers: [Double] = []
        for item in items { numbers.append(try item.number(in: range)) }
        return numbers
    }

    func vector(_ key: String, default fallback: Vector3 = .zero) throws(GeometryError) -> Vector3 {
        guard let node = member(key) else { return fallback }
        let values = try node.numbers(3)
        return Vector3(values[0], values[1], values[2])
    }
}

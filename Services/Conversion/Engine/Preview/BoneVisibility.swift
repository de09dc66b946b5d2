/// Evaluates a block's `bone_visibility` Molang for the preview, in the block's default state, from
/// the block file alone: the states' first values, and the traits' states as a block placed the
/// default way has them (facing north, bottom half, not cornered, not connected, the lower part).
///
/// Reads the subset of Molang block conditions use: `q.block_state('name')` / `query.block_state`,
/// strings, numbers, `true`/`false`, `==`, `!=`, `!`, `&&`, `||` and parentheses. Anything else makes
/// the bone visible (a preview shows too much rather than too little). Bounded: 4,096 tokens.
struct BoneVisibility {
    enum Value: Equatable {
        case bool(Bool)
        case number(Double)
        case string(String)

        var truth: Bool {
            switch self {
            case .bool(let flag): flag
            case .number(let number): number != 0
            case .string(let text): !text.isEmpty
            }
        }
    }

    let states: [String: Value]

    static let traitDefaults: [String: Value] = [
        "minecraft:cardinal_direction": .string("north"), "minecraft:facing_direction": .string("north"), "minecraft:block_face": .string("up"),
        "minecraft:vertical_half": .string("bottom"), "minecraft:corner": .string("none"), "minecraft:multi_block_part": .number(0),
        "minecraft:connection_north": .bool(false), "minecraft:connection_east": .bool(false), "minecraft:connection_south": .bool(false),
        "minecraft:connection_west": .bool(false),
    ]

    /// The default state of a block file's `description`.
    init(description: JSONValue?) {
        var states = Self.traitDefaults
        for state in description?["states"]?.members ?? [] {
            switch state.value.arrayValue?.first {
            case .bool(let flag): states[state.key] = .bool(flag)
            case .number(let number): states[state.key] = .number(number)
            case .string(let text): states[state.key] = .string(text)
            default: break
            }
        }
        self.states = states
    }

    /// Whether a bone with this `bone_visibility` value is drawn in the default state.
    func visible(_ value: JSONValue) -> Bool {
        if case .bool(let flag) = value { return flag }
        guard let text = value.stringValue else { return true }
        var parser = Parser(tokens: Self.tokens(text), states: states)
        guard let result = parser.expression(), parser.atEnd else { return true }
        return result.truth
    }

    enum Token: Equatable {
        case state(String), string(String), number(Double), word(String), symbol(String)
    }

    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count, tokens.count < 4_096 {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            if character == "'" {
                var end = index + 1
                while end < characters.count, characters[end] != "'" { end += 1 }
                tokens.append(.string(String(characters[(index + 1)..<min(end, characters.count)])))
                index = end + 1
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                tokens.append(.number(Double(String(characters[index..<end])) ?? 0))
                index = end
            } else if character.isLetter {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "." || characters[end] == "_" { end += 1 }
                let word = String(characters[index..<end]).lowercased()
                index = end
                if word == "q.block_state" || word == "query.block_state" {
                    // `('name')`
                    while index < characters.count, characters[index] != "'" { index += 1 }
                    var close = index + 1
                    while close < characters.count, characters[close] != "'" { close += 1 }
                    tokens.append(.state(index < characters.count ? String(characters[(index + 1)..<min(close, characters.count)]) : ""))
                    index = close + 1
                    while index < characters.count, characters[index] != ")" { index += 1 }
                    index += 1
                } else {
                    tokens.append(.word(word))
                }
            } else {
                let pair = index + 1 < characters.count ? String(characters[index...(index + 1)]) : String(character)
                if ["==", "!=", "&&", "||"].contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                } else {
                    tokens.append(.symbol(String(character)))
                    index += 1
                }
            }
        }
        return tokens
    }

    /// Precedence climbing over `||`, `&&`, `==`/`!=`, `!`, atoms.
    struct Parser {
        let tokens: [Token]
        let states: [String: Value]
        var index = 0
        var depth = 0

        var atEnd: Bool { index >= tokens.count }

        mutating func expression() -> Value? {
            guard depth < 64 else { return nil }
            depth += 1
            defer { depth -= 1 }
            guard var left = conjunction() else { return nil }
            while index < tokens.count, tokens[index] == .symbol("||") {
                index += 1
                guard let right = conjunction() else { return nil }
                left = .bool(left.truth || right.truth)
            }
            return left
        }

        mutating func conjunction() -> Value? {
            guard var left = comparison() else { return nil }
            while index < tokens.count, tokens[index] == .symbol("&&") {
                index += 1
                guard let right = comparison() else { return nil }
                left = .bool(left.truth && right.truth)
            }
            return left
        }

        mutating func comparison() -> Value? {
            guard let left = unary() else { return nil }
            guard index < tokens.count, case .symbol(let symbol) = tokens[index], symbol == "==" || symbol == "!=" else { return left }
            index += 1
            guard let right = unary() else { return nil }
            return .bool((left == right) == (symbol == "=="))
        }

        mutating func unary() -> Value? {
            if index < tokens.count, tokens[index] == .symbol("!") {
                index += 1
                return unary().map { .bool(!$0.truth) }
            }
            return atom()
        }

        mutating func atom() -> Value? {
            guard index < tokens.count else { return nil }
            let token = tokens[index]
            index += 1
            switch token {
            case .state(let name): return states[name] ?? .bool(false)
            case .string(let text): return .string(text)
            case .number(let number): return .number(number)
            case .word("true"): return .bool(true)
            case .word("false"): return .bool(false)
            case .symbol("("):
                let value = expression()
                guard index < tokens.count, tokens[index] == .symbol(")") else { return nil }
                index += 1
                return value
            default: return nil
            }
        }
    }
}

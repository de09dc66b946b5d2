/// A block or item property the engine reads from registration code.
public enum RegisteredProperty: String, Sendable, CaseIterable, Comparable {
    case hardness, resistance, light
    case stackSize = "stack_size"
    case durability, nutrition, saturation

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The few builder methods the engine reads, under every naming scheme shipped jars use: Mojang
/// names (NeoForge 1.21, Fabric API), Forge 1.17–1.20 SRG (`m_60978_`), SRG up to 1.16
/// (`func_149711_c`) and Fabric intermediary (`method_9629`).
enum ObfuscatedNames {
    /// How a call's constant arguments turn into properties.
    enum Effect {
        /// Arguments in order.
        case assign([RegisteredProperty])
        /// One argument for hardness and resistance (`strength(float)`).
        case hardnessAndResistance
        /// 1.12 `setResistance(r)`: blast resistance is `r × 3 / 5`.
        case legacyResistance
        /// 1.12 `setLightLevel(f)`: light is `f × 15`.
        case legacyLight
    }

    /// `name(args)` → effect; args in descriptor letters (`FF`, `F`, `I`).
    static let table: [String: Effect] = {
        var table: [String: Effect] = [:]
        func add(_ names: [String], _ arguments: String, _ effect: Effect) {
            for name in names { table["\(name)(\(arguments))"] = effect }
        }
        add(["strength", "m_60913_", "func_200948_a", "hardnessAndResistance", "method_9629"], "FF", .assign([.hardness, .resistance]))
        add(["strength", "m_60978_", "func_200943_b", "hardnessAndResistance", "method_9632"], "F", .hardnessAndResistance)
        add(["destroyTime", "m_155954_", "hardness", "method_36557", "func_149711_c", "setHardness"], "F", .assign([.hardness]))
        add(["explosionResistance", "m_155956_", "resistance", "method_36558"], "F", .assign([.resistance]))
        add(["func_149752_b", "setResistance"], "F", .legacyResistance)
        add(["func_149715_a", "setLightLevel"], "F", .legacyLight)
        add(["luminance", "lightLevel"], "I", .assign([.light]))
        add(["stacksTo", "m_41487_", "func_200917_a", "maxStackSize", "method_7889", "maxCount", "func_77625_d", "setMaxStackSize"], "I", .assign([.stackSize]))
        add(["durability", "m_41503_", "func_200918_c", "maxDamage", "method_7895", "func_77656_e", "setMaxDamage"], "I", .assign([.durability]))
        add(["nutrition", "m_38760_", "func_221456_a", "hunger", "method_19238"], "I", .assign([.nutrition]))
        add(["saturationModifier", "saturationMod", "m_38758_", "func_221454_a", "saturation", "method_19237"], "F", .assign([.saturation]))
        return table
    }()

    /// The effect of calling `name` with `descriptor`, if the engine reads it.
    static func effect(name: String, descriptor: String) -> Effect? {
        guard let open = descriptor.firstIndex(of: "("), let close = descriptor.firstIndex(of: ")") else { return nil }
        let arguments = descriptor[descriptor.index(after: open)..<close]
        guard arguments.allSatisfy({ "FIDJ".contains($0) }) else { return nil }
        return table["\(name)(\(arguments))"]
    }
}

/// Reads registry names and block/item properties out of a mod's class files.
///
/// Each method's bytecode is walked into statements (split where a value is stored or dropped).
/// In a statement, constant arguments of a known builder call become properties, and they belong
/// to the registry name that statement mentions; the properties of a lambda belong to the name in
/// the statement that creates it (Forge's `register("ruby", () -> new Block(…))`); properties
/// stored in a static field (`FoodProperties`) follow the field into the statement that reads it;
/// a constructor setting properties of a block whose name it sets in another statement
/// (1.12 style) gives them to that one name.
struct BytecodeAnalyzer {
    /// Properties by registry name (the path, without namespace).
    private(set) var properties: [String: [RegisteredProperty: Double]] = [:]
    /// Class files that could not be parsed, with the reason.
    private(set) var failures: [(entry: String, reason: String)] = []
    /// Classes by internal name, with their super class.
    private(set) var superclasses: [(entry: String, name: String, superName: String)] = []
    /// Each parsed class: its name, super class and first string constants (the AI hook's input).
    private(set) var summaries: [ClassSummary] = []
    /// Registry-like string constants the code holds (cross-check against the data).
    private(set) var registryStrings: Set<String> = []

    private struct Statement {
        var names: [String] = []
        var values: [(RegisteredProperty, Double)] = []
        var lambdas: [String] = []
        var reads: [String] = []
        var store: String?
    }

    private var methods: [String: [Statement]] = [:]

    /// Analyses `classes` (entry name and bytes) for the registry names in `known`.
    init(classes: [(entry: String, bytes: [UInt8])], known: Set<String>, namespaces: Set<String>) {
        for (entry, bytes) in classes {
            do {
                let file = try ClassFile(bytes)
                superclasses.append((entry, file.name, file.superName ?? ""))
                var strings: [String] = []
                for index in file.constants.indices where strings.count < ClassSummary.maxStrings {
                    if let text = file.string(index), !text.isEmpty, text.utf8.count <= 80 { strings.append(text) }
                }
                summaries.append(ClassSummary(entry: entry, name: file.name, superName: file.superName ?? "", strings: strings))
                for method in file.methods where !method.code.isEmpty {
                    methods["\(file.name).\(method.name)"] = statements(method.code, file: file, known: known, namespaces: namespaces)
                }
            } catch {
                failures.append((entry, "\(error)"))
            }
        }
        link()
    }

    private mutating func statements(_ code: [UInt8], file: ClassFile, known: Set<String>, namespaces: Set<String>) -> [Statement] {
        var result: [Statement] = []
        var current = Statement()
        var constants: [Double] = []
        var pc = 0
        func index16(_ at: Int) -> Int { at + 2 < code.count ? Int(code[at + 1]) << 8 | Int(code[at + 2]) : 0 }
        while pc < code.count {
            let opcode = code[pc]
            var pushed: Double?
            switch opcode {
            case 0x02...0x08: pushed = Double(Int(opcode) - 3)  // iconst_m1…iconst_5
            case 0x0B...0x0D: pushed = Double(opcode - 0x0B)  // fconst_0…2
            case 0x0E, 0x0F: pushed = Double(opcode - 0x0E)  // dconst
            case 0x10: pushed = pc + 1 < code.count ? Double(Int8(bitPattern: code[pc + 1])) : nil
            case 0x11: pushed = Double(Int16(bitPattern: UInt16(index16(pc))))
            case 0x12, 0x13, 0x14:
                let index = opcode == 0x12 ? (pc + 1 < code.count ? Int(code[pc + 1]) : 0) : index16(pc)
                if let text = file.string(index) {
                    let name = registryName(text, namespaces: namespaces)
                    if let name {
                        registryStrings.insert(name)
                        if known.contains(name) { current.names.append(name) }
                    }
                } else if file.constants.indices.contains(index) {
                    switch file.constants[index] {
                    case .integer(let value): pushed = Double(value)
                    case .float(let value): pushed = Double(value)
                    case .long(let value): pushed = Double(value)
                    case .double(let value): pushed = value
                    default: break
                    }
                }
            case 0xB6, 0xB7, 0xB8, 0xB9:
                if let member = file.member(index16(pc)), let effect = ObfuscatedNames.effect(name: member.name, descriptor: member.descriptor) {
                    apply(effect, constants: constants, to: &current)
                }
            case 0xBA:
                if case .invokeDynamic(let bootstrap, _)? = file.constants.indices.contains(index16(pc)) ? file.constants[index16(pc)] : nil,
                   file.bootstrapArguments.indices.contains(bootstrap) {
                    for argument in file.bootstrapArguments[bootstrap] {
                        guard file.constants.indices.contains(argument), case .methodHandle(_, let reference) = file.constants[argument],
                              let target = file.member(reference) else { continue }
                        current.lambdas.append("\(target.owner).\(target.name)")
                    }
                }
            case 0xB2:
                if let field = file.member(index16(pc)) { current.reads.append("\(field.owner).\(field.name)") }
            case 0xB3, 0xB5, 0x57, 0x58, 0x53, 0x3A, 0x4B...0x4E, 0xAC...0xB1:
                if opcode == 0xB3, let field = file.member(index16(pc)) { current.store = "\(field.owner).\(field.name)" }
                result.append(current)
                current = Statement()
            default: break
            }
            if let pushed { constants.append(pushed) } else { constants.removeAll() }
            guard let length = Self.length(code, at: pc) else { break }
            pc += length
        }
        result.append(current)
        return result
    }

    private func apply(_ effect: ObfuscatedNames.Effect, constants: [Double], to statement: inout Statement) {
        switch effect {
        case .assign(let properties):
            guard constants.count >= properties.count else { return }
            for (property, value) in zip(properties, constants.suffix(properties.count)) { statement.values.append((property, value)) }
        case .hardnessAndResistance:
            guard let value = constants.last else { return }
            statement.values.append((.hardness, value))
            statement.values.append((.resistance, value))
        case .legacyResistance:
            if let value = constants.last { statement.values.append((.resistance, value * 3 / 5)) }
        case .legacyLight:
            if let value = constants.last { statement.values.append((.light, (value * 15).rounded())) }
        }
    }

    /// `ruby_block` for `"ruby_block"` or `"ns:ruby_block"` (own namespace); `nil` for other text.
    private func registryName(_ text: String, namespaces: Set<String>) -> String? {
        guard !text.isEmpty, text.count <= 128 else { return nil }
        var name = Substring(text)
        if let colon = text.firstIndex(of: ":") {
            guard namespaces.contains(String(text[..<colon])) else { return nil }
            name = text[text.index(after: colon)...]
        }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else { return nil }
        return String(name)
    }

    private mutating func link() {
        var fieldValues: [String: [(RegisteredProperty, Double)]] = [:]
        var lambdaValues: [String: [(RegisteredProperty, Double)]] = [:]
        for statements in methods.values {
            for statement in statements where statement.names.isEmpty && !statement.values.isEmpty {
                if let store = statement.store { fieldValues[store, default: []] += statement.values }
            }
        }
        for (method, statements) in methods {
            lambdaValues[method] = statements.flatMap { statement in statement.values + statement.reads.flatMap { fieldValues[$0] ?? [] } }
        }
        for (key, statements) in methods.sorted(by: { $0.key < $1.key }) {
            var leftovers: [(RegisteredProperty, Double)] = []
            let names = Set(statements.flatMap(\.names))
            for statement in statements {
                var values = statement.values
                for read in statement.reads { values += fieldValues[read] ?? [] }
                for lambda in statement.lambdas { values += lambdaValues[lambda] ?? [] }
                if let name = statement.names.last {
                    for (property, value) in values { properties[name, default: [:]][property] = value }
                } else if statement.store == nil {
                    leftovers += values
                }
            }
            if names.count == 1, let name = names.first {
                for (property, value) in leftovers where properties[name]?[property] == nil { properties[name, default: [:]][property] = value }
            }
        }
    }

    /// The length of the instruction at `pc`; `nil` past the end or for an unknown opcode.
    static func length(_ code: [UInt8], at pc: Int) -> Int? {
        let opcode = code[pc]
        switch opcode {
        case 0xAA, 0xAB:
            let base = (pc + 4) & ~3
            guard base + 12 <= code.count else { return nil }
            func int(_ at: Int) -> Int { Int(Int32(bitPattern: UInt32(code[at]) << 24 | UInt32(code[at + 1]) << 16 | UInt32(code[at + 2]) << 8 | UInt32(code[at + 3]))) }
            if opcode == 0xAA {
                let count = int(base + 8) - int(base + 4) + 1
                guard count >= 0, count < 1 << 16 else { return nil }
                return base + 12 + count * 4 - pc
            }
            let pairs = int(base + 4)
            guard pairs >= 0, pairs < 1 << 16 else { return nil }
            return base + 8 + pairs * 8 - pc
        case 0xC4:
            guard pc + 1 < code.count else { return nil }
            return code[pc + 1] == 0x84 ? 6 : 4
        default:
            let length = lengths[Int(opcode)]
            return length == 0 ? nil : Int(length)
        }
    }

    /// Instruction lengths by opcode (0 = invalid or variable).
    static let lengths: [UInt8] = {
        var table = [UInt8](repeating: 1, count: 256)
        for opcode in 0xCB...0xFF { table[opcode] = 0 }
        for opcode in [0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3A, 0xA9, 0xBC] { table[opcode] = 2 }
        for opcode in [0x11, 0x13, 0x14, 0x84, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xBB, 0xBD, 0xC0, 0xC1, 0xC6, 0xC7] { table[opcode] = 3 }
        for opcode in 0x99...0xA8 { table[opcode] = 3 }
        table[0xC5] = 4
        for opcode in [0xB9, 0xBA, 0xC8, 0xC9] { table[opcode] = 5 }
        return table
    }()
}

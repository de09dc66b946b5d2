/// A Java class file read far enough to analyse registration code (JVMS chapter 4): the constant
/// pool, the class and super class names, fields, and each method's bytecode. Nothing is executed.
public struct ClassFile: Sendable {
    /// One constant-pool entry the analysis reads; the rest are kept as `.other`.
    public enum Constant: Sendable, Equatable {
        case utf8(String)
        case integer(Int32)
        case float(Float)
        case long(Int64)
        case double(Double)
        case classRef(nameIndex: Int)
        case string(utf8Index: Int)
        case memberRef(classIndex: Int, nameAndTypeIndex: Int)
        case nameAndType(nameIndex: Int, descriptorIndex: Int)
        case methodHandle(kind: Int, referenceIndex: Int)
        case invokeDynamic(bootstrapIndex: Int, nameAndTypeIndex: Int)
        case other
    }

    /// A method and its code.
    public struct Method: Sendable {
        public var name: String
        public var descriptor: String
        public var code: [UInt8]
    }

    /// Why a class file was refused: which rule, at which byte.
    public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let constants: [Constant]
    public let name: String
    public let superName: String?
    public let methods: [Method]
    /// Bootstrap methods: each one's arguments (constant-pool indices).
    public let bootstrapArguments: [[Int]]

    /// Parses `bytes`.
    /// - Throws: ``FormatError`` for a bad magic number, an index past the pool, or a truncated file.
    public init(_ bytes: [UInt8]) throws(FormatError) {
        var reader = Reader(bytes: bytes)
        guard try reader.u32() == 0xCAFE_BABE else { throw FormatError(description: "bad magic number (not a class file)") }
        _ = try reader.u16()
        _ = try reader.u16()
        let count = Int(try reader.u16())
        guard count > 0 else { throw FormatError(description: "empty constant pool") }
        var constants: [Constant] = [.other]
        var index = 1
        while index < count {
            let tag = try reader.u8()
            switch tag {
            case 1:
                let length = Int(try reader.u16())
                constants.append(.utf8(Self.modifiedUTF8(try reader.bytes(length))))
            case 3: constants.append(.integer(Int32(bitPattern: try reader.u32())))
            case 4: constants.append(.float(Float(bitPattern: try reader.u32())))
            case 5, 6:
                let high = UInt64(try reader.u32())
                let low = UInt64(try reader.u32())
                let bits = high << 32 | low
                constants.append(tag == 5 ? .long(Int64(bitPattern: bits)) : .double(Double(bitPattern: bits)))
                constants.append(.other)  // 8-byte constants take two slots
                index += 1
            case 7: constants.append(.classRef(nameIndex: Int(try reader.u16())))
            case 8: constants.append(.string(utf8Index: Int(try reader.u16())))
            case 9, 10, 11: constants.append(.memberRef(classIndex: Int(try reader.u16()), nameAndTypeIndex: Int(try reader.u16())))
            case 12: constants.append(.nameAndType(nameIndex: Int(try reader.u16()), descriptorIndex: Int(try reader.u16())))
            case 15: constants.append(.methodHandle(kind: Int(try reader.u8()), referenceIndex: Int(try reader.u16())))
            case 16, 19, 20:
                _ = try reader.u16()
                constants.append(.other)
            case 17, 18: constants.append(.invokeDynamic(bootstrapIndex: Int(try reader.u16()), nameAndTypeIndex: Int(try reader.u16())))
            default: throw FormatError(description: "unknown constant-pool tag \(tag) at entry \(index)")
            }
            index += 1
        }
        // Every index a constant holds must point inside the pool.
        for (position, constant) in constants.enumerated() {
            let references: [Int] = switch constant {
            case .classRef(let a), .string(let a): [a]
            case .memberRef(let a, let b), .nameAndType(let a, let b): [a, b]
            case .methodHandle(_, let a): [a]
            case .invokeDynamic(_, let a): [a]
            default: []
            }
            for reference in references where reference <= 0 || reference >= constants.count {
                throw FormatError(description: "constant-pool entry \(position) points to \(reference), past the pool's \(constants.count - 1) entries")
            }
        }
        self.constants = constants
        _ = try reader.u16()
        let thisIndex = Int(try reader.u16())
        let superIndex = Int(try reader.u16())
        guard let name = Self.className(constants, thisIndex) else { throw FormatError(description: "this_class \(thisIndex) is not a class constant") }
        self.name = name
        superName = superIndex == 0 ? nil : Self.className(constants, superIndex)
        let interfaces = Int(try reader.u16())
        try reader.skip(interfaces * 2)
        let fields = Int(try reader.u16())
        for _ in 0..<fields {
            try reader.skip(6)
            try Self.skipAttributes(&reader)
        }
        var methods: [Method] = []
        let methodCount = Int(try reader.u16())
        for _ in 0..<methodCount {
            _ = try reader.u16()
            let methodName = Self.utf8(constants, Int(try reader.u16())) ?? ""
            let descriptor = Self.utf8(constants, Int(try reader.u16())) ?? ""
            var code: [UInt8] = []
            let attributes = Int(try reader.u16())
            for _ in 0..<attributes {
                let attributeName = Self.utf8(constants, Int(try reader.u16()))
                let length = Int(try reader.u32())
                if attributeName == "Code" {
                    var body = Reader(bytes: try reader.bytes(length))
                    try body.skip(4)
                    let codeLength = Int(try body.u32())
                    code = try body.bytes(codeLength)
                } else {
                    try reader.skip(length)
                }
            }
            methods.append(Method(name: methodName, descriptor: descriptor, code: code))
        }
        self.methods = methods
        var bootstrap: [[Int]] = []
        let classAttributes = Int(try reader.u16())
        for _ in 0..<classAttributes {
            let attributeName = Self.utf8(constants, Int(try reader.u16()))
            let length = Int(try reader.u32())
            guard attributeName == "BootstrapMethods" else { try reader.skip(length); continue }
            var body = Reader(bytes: try reader.bytes(length))
            for _ in 0..<Int(try body.u16()) {
                _ = try body.u16()
                let arguments = Int(try body.u16())
                bootstrap.append(try (0..<arguments).map { _ throws(FormatError) in Int(try body.u16()) })
            }
        }
        bootstrapArguments = bootstrap
    }

    // MARK: - Constant helpers

    public func utf8(_ index: Int) -> String? { Self.utf8(constants, index) }

    /// The string an `ldc` of a `String` constant pushes.
    public func string(_ index: Int) -> String? {
        guard constants.indices.contains(index), case .string(let utf8Index) = constants[index] else { return nil }
        return utf8(utf8Index)
    }

    /// Owner, name and descriptor of a field or method reference.
    public func member(_ index: Int) -> (owner: String, name: String, descriptor: String)? {
        guard constants.indices.contains(index), case .memberRef(let classIndex, let natIndex) = constants[index],
              let owner = Self.className(constants, classIndex), case .nameAndType(let name, let descriptor) = constants[natIndex],
              let nameText = utf8(name), let descriptorText = utf8(descriptor) else { return nil }
        return (owner, nameText, descriptorText)
    }

    static func utf8(_ constants: [Constant], _ index: Int) -> String? {
        guard constants.indices.contains(index), case .utf8(let text) = constants[index] else { return nil }
        return text
    }

    static func className(_ constants: [Constant], _ index: Int) -> String? {
        guard constants.indices.contains(index), case .classRef(let nameIndex) = constants[index] else { return nil }
        return utf8(constants, nameIndex)
    }

    private static func skipAttributes(_ reader: inout Reader) throws(FormatError) {
        for _ in 0..<Int(try reader.u16()) {
            try reader.skip(2)
            try reader.skip(Int(try reader.u32()))
        }
    }

    /// Java's modified UTF-8 (NUL as two bytes, supplementary characters as surrogate pairs),
    /// decoded leniently.
    static func modifiedUTF8(_ bytes: [UInt8]) -> String {
        if !bytes.contains(where: { $0 == 0xC0 || $0 >= 0xED }) { return String(decoding: bytes, as: UTF8.self) }
        var units: [UInt16] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                units.append(UInt16(byte)); index += 1
            } else if byte & 0xE0 == 0xC0, index + 1 < bytes.count {
                units.append(UInt16(byte & 0x1F) << 6 | UInt16(bytes[index + 1] & 0x3F)); index += 2
            } else if byte & 0xF0 == 0xE0, index + 2 < bytes.count {
                units.append(UInt16(byte & 0x0F) << 12 | UInt16(bytes[index + 1] & 0x3F) << 6 | UInt16(bytes[index + 2] & 0x3F)); index += 3
            } else {
                units.append(0xFFFD); index += 1
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Bounds-checked big-endian reading.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func u8() throws(FormatError) -> UInt8 {
            guard offset < bytes.count else { throw truncated() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u16() throws(FormatError) -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }

        mutating func u32() throws(FormatError) -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }

        mutating func bytes(_ count: Int) throws(FormatError) -> [UInt8] {
            guard count >= 0, offset + count <= bytes.count else { throw truncated() }
            defer { offset += count }
            return Array(bytes[offset..<(offset + count)])
        }

        mutating func skip(_ count: Int) throws(FormatError) {
            guard count >= 0, offset + count <= bytes.count else { throw truncated() }
            offset += count
        }

        func truncated() -> FormatError { FormatError(description: "truncated at byte \(offset) of \(bytes.count)") }
    }
}

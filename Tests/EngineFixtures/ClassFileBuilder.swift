import Foundation

/// Assembles Java class files byte by byte (JVMS chapter 4), so that the fixtures carry real
/// bytecode calling Minecraft's builder methods by the obfuscated names shipped jars use, without a
/// Java compiler.
public final class ClassFileBuilder {
    private var pool: [[UInt8]] = []
    private var keys: [String: UInt16] = [:]
    private var methods: [[UInt8]] = []
    private var bootstrap: [(method: UInt16, arguments: [UInt16])] = []
    private var thisClass: UInt16 = 0
    private var superClass: UInt16 = 0

    /// A class named `name` (internal form, `com/example/ModBlocks`) extending `superName`.
    public init(name: String, superName: String = "java/lang/Object") {
        thisClass = classRef(name)
        superClass = classRef(superName)
    }

    private func add(_ key: String, _ bytes: [UInt8], slots: Int = 1) -> UInt16 {
        if let known = keys[key] { return known }
        pool.append(bytes)
        let index = UInt16(pool.count)
        if slots == 2 { pool.append([]) }
        keys[key] = index
        return index
    }

    public func utf8(_ text: String) -> UInt16 {
        let bytes = Array(text.utf8)
        return add("u:" + text, [1] + Self.u16(UInt16(bytes.count)) + bytes)
    }

    public func classRef(_ name: String) -> UInt16 { let n = utf8(name); return add("c:" + name, [7] + Self.u16(n)) }
    public func string(_ text: String) -> UInt16 { let u = utf8(text); return add("s:" + text, [8] + Self.u16(u)) }
    public func float(_ value: Float) -> UInt16 { add("f:\(value.bitPattern)", [4] + Self.u32(value.bitPattern)) }
    public func integer(_ value: Int32) -> UInt16 { add("i:\(value)", [3] + Self.u32(UInt32(bitPattern: value))) }

    public func nameAndType(_ name: String, _ descriptor: String) -> UInt16 {
        let n = utf8(name), d = utf8(descriptor)
        return add("nt:\(name):\(descriptor)", [12] + Self.u16(n) + Self.u16(d))
    }

    public func methodRef(_ owner: String, _ name: String, _ descriptor: String) -> UInt16 {
        let c = classRef(owner), nt = nameAndType(name, descriptor)
        return add("m:\(owner).\(name)\(descriptor)", [10] + Self.u16(c) + Self.u16(nt))
    }

    public func fieldRef(_ owner: String, _ name: String, _ descriptor: String) -> UInt16 {
        let c = classRef(owner), nt = nameAndType(name, descriptor)
        return add("F:\(owner).\(name)", [9] + Self.u16(c) + Self.u16(nt))
    }

    /// An `invokedynamic` call site for a lambda whose body is `owner.lambdaName`.
    public func lambdaCallSite(owner: String, lambdaName: String, lambdaDescriptor: String, interfaceMethod: String, callSiteDescriptor: String) -> UInt16 {
        let factory = methodRef("java/lang/invoke/LambdaMetafactory", "metafactory",
                                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;")
        let factoryHandle = add("mh:factory", [15, 6] + Self.u16(factory))
        let target = methodRef(owner, lambdaName, lambdaDescriptor)
        let targetHandle = add("mh:\(lambdaName)", [15, 6] + Self.u16(target))
        let type = utf8(lambdaDescriptor)
        let methodType = add("mt:\(lambdaDescriptor)", [16] + Self.u16(type))
        bootstrap.append((factoryHandle, [methodType, targetHandle, methodType]))
        let nt = nameAndType(interfaceMethod, callSiteDescriptor)
        return add("indy:\(lambdaName)", [18] + Self.u16(UInt16(bootstrap.count - 1)) + Self.u16(nt))
    }

    /// Adds a method whose body the closure writes.
    public func method(_ name: String, _ descriptor: String, static isStatic: Bool = false, _ body: (inout Code) -> Void) {
        var code = Code(builder: self)
        body(&code)
        let codeName = utf8("Code")
        var attribute: [UInt8] = Self.u16(16) + Self.u16(16) + Self.u32(UInt32(code.bytes.count)) + code.bytes + Self.u16(0) + Self.u16(0)
        attribute = Self.u16(codeName) + Self.u32(UInt32(attribute.count)) + attribute
        let flags: UInt16 = isStatic ? 0x0009 : 0x0001
        methods.append(Self.u16(flags) + Self.u16(utf8(name)) + Self.u16(utf8(descriptor)) + Self.u16(1) + attribute)
    }

    /// The class file.
    public func build() -> Data {
        var attributes: [UInt8] = []
        var attributeCount: UInt16 = 0
        if !bootstrap.isEmpty {
            var body = Self.u16(UInt16(bootstrap.count))
            for (method, arguments) in bootstrap {
                body += Self.u16(method) + Self.u16(UInt16(arguments.count)) + arguments.flatMap(Self.u16)
            }
            attributes = Self.u16(utf8("BootstrapMethods")) + Self.u32(UInt32(body.count)) + body
            attributeCount = 1
        }
        var out: [UInt8] = [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52]
        out += Self.u16(UInt16(pool.count + 1))
        for entry in pool { out += entry }
        out += Self.u16(0x0021) + Self.u16(thisClass) + Self.u16(superClass) + Self.u16(0) + Self.u16(0)
        out += Self.u16(UInt16(methods.count))
        for method in methods { out += method }
        out += Self.u16(attributeCount) + attributes
        return Data(out)
    }

    static func u16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    static func u32(_ value: UInt32) -> [UInt8] { [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)] }

    /// A method body being written.
    public struct Code {
        let builder: ClassFileBuilder
        public var bytes: [UInt8] = []

        public mutating func aload0() { bytes.append(0x2A) }
        public mutating func dup() { bytes.append(0x59) }
        public mutating func pop() { bytes.append(0x57) }
        public mutating func areturn() { bytes.append(0xB0) }
        public mutating func returnVoid() { bytes.append(0xB1) }
        public mutating func iconst(_ value: Int) { bytes.append(UInt8(0x03 + value)) }
        public mutating func bipush(_ value: Int8) { bytes += [0x10, UInt8(bitPattern: value)] }
        public mutating func sipush(_ value: Int16) { bytes += [0x11] + ClassFileBuilder.u16(UInt16(bitPattern: value)) }
        public mutating func ldc(_ text: String) { ldcIndex(builder.string(text)) }
        public mutating func ldc(_ value: Float) { ldcIndex(builder.float(value)) }
        public mutating func ldc(int value: Int32) { ldcIndex(builder.integer(value)) }
        private mutating func ldcIndex(_ index: UInt16) {
            if index < 256 { bytes += [0x12, UInt8(index)] } else { bytes += [0x13] + ClassFileBuilder.u16(index) }
        }
        public mutating func new(_ type: String) { bytes += [0xBB] + ClassFileBuilder.u16(builder.classRef(type)) }
        public mutating func checkcast(_ type: String) { bytes += [0xC0] + ClassFileBuilder.u16(builder.classRef(type)) }
        public mutating func invokevirtual(_ owner: String, _ name: String, _ descriptor: String) {
            bytes += [0xB6] + ClassFileBuilder.u16(builder.methodRef(owner, name, descriptor))
        }
        public mutating func invokespecial(_ owner: String, _ name: String, _ descriptor: String) {
            bytes += [0xB7] + ClassFileBuilder.u16(builder.methodRef(owner, name, descriptor))
        }
        public mutating func invokestatic(_ owner: String, _ name: String, _ descriptor: String) {
            bytes += [0xB8] + ClassFileBuilder.u16(builder.methodRef(owner, name, descriptor))
        }
        public mutating func invokedynamic(_ callSite: UInt16) { bytes += [0xBA] + ClassFileBuilder.u16(callSite) + [0, 0] }
        public mutating func getstatic(_ owner: String, _ name: String, _ descriptor: String) {
            bytes += [0xB2] + ClassFileBuilder.u16(builder.fieldRef(owner, name, descriptor))
        }
        public mutating func putstatic(_ owner: String, _ name: String, _ descriptor: String) {
            bytes += [0xB3] + ClassFileBuilder.u16(builder.fieldRef(owner, name, descriptor))
        }
    }
}

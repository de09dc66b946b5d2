import ConversionEngine
import Foundation

/// A test mod: the files of its jar, and what a correct conversion reports, counted by hand.
public struct FixtureMod: Sendable {
    public typealias Counts = [ConversionReport.Kind: [ConversionReport.Status: Int]]

    public let name: String
    public let files: [(String, Data)]
    /// Features per kind and status, written by hand from the files above (never recounted by the
    /// engine's own parser).
    public let expected: Counts

    public init(name: String, files: [(String, Data)], expected: Counts) {
        self.name = name
        self.files = files
        self.expected = expected
    }

    /// The jar, built deterministically.
    public var jar: Data {
        var writer = ZipWriter()
        for (path, data) in files { writer.add(path, data) }
        return writer.finish()
    }
}

/// Small builders the fixtures share.
enum Make {
    static func text(_ value: String) -> Data { Data(value.utf8) }

    /// A 16×16 texture of one colour derived from `seed`.
    static func png(_ seed: Int) -> Data {
        PNGImage.solid(size: 16, red: UInt8(40 + seed * 37 % 200), green: UInt8(60 + seed * 53 % 180), blue: UInt8(80 + seed * 71 % 160))
    }

    /// A vertical animation strip of `frames` 16×16 frames.
    static func strip(_ seed: Int, frames: Int) -> Data {
        PNGImage.solid(width: 16, height: 16 * frames, red: UInt8(40 + seed * 37 % 200), green: 90, blue: 200)
    }

    static func cubeAll(_ texture: String) -> Data { text(#"{"parent": "minecraft:block/cube_all", "textures": {"all": "\#(texture)"}}"#) }
    static func generated(_ texture: String) -> Data { text(#"{"parent": "minecraft:item/generated", "textures": {"layer0": "\#(texture)"}}"#) }
    static func handheld(_ texture: String) -> Data { text(#"{"parent": "minecraft:item/handheld", "textures": {"layer0": "\#(texture)"}}"#) }
    static func single(_ model: String) -> Data { text(#"{"variants": {"": {"model": "\#(model)"}}}"#) }

    /// A `Block` subclass whose constructor sets properties and the registry name, 1.12 style
    /// (SRG names: `func_149711_c` = setHardness, `func_149752_b` = setResistance,
    /// `func_149715_a` = setLightLevel).
    static func legacyBlockClass(name: String, registry: String, hardness: Float, resistance: Float?, light: Float?, superName: String = "net/minecraft/block/Block") -> Data {
        let builder = ClassFileBuilder(name: name, superName: superName)
        builder.method("<init>", "()V") { code in
            code.aload0()
            code.invokespecial(superName, "<init>", "()V")
            code.aload0()
            code.ldc(hardness)
            code.invokevirtual("net/minecraft/block/Block", "func_149711_c", "(F)Lnet/minecraft/block/Block;")
            code.pop()
            if let resistance {
                code.aload0()
                code.ldc(resistance)
                code.invokevirtual("net/minecraft/block/Block", "func_149752_b", "(F)Lnet/minecraft/block/Block;")
                code.pop()
            }
            if let light {
                code.aload0()
                code.ldc(light)
                code.invokevirtual("net/minecraft/block/Block", "func_149715_a", "(F)Lnet/minecraft/block/Block;")
                code.pop()
            }
            code.aload0()
            code.ldc(registry)
            code.invokevirtual("net/minecraftforge/registries/IForgeRegistryEntry$Impl", "setRegistryName", "(Ljava/lang/String;)Lnet/minecraftforge/registries/IForgeRegistryEntry;")
            code.pop()
            code.returnVoid()
        }
        return builder.build()
    }

    /// An empty class extending `superName` (a tile entity, a screen, an entity).
    static func subclass(_ name: String, of superName: String) -> Data {
        let builder = ClassFileBuilder(name: name, superName: superName)
        builder.method("<init>", "()V") { code in
            code.aload0()
            code.invokespecial(superName, "<init>", "()V")
            code.returnVoid()
        }
        return builder.build()
    }
}

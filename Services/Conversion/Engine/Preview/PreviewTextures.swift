import Foundation
import Previews

/// The images previews draw with, decoded once: the jar's PNGs for the Java side, the add-on's PNGs
/// for the Bedrock side, one colour per vanilla texture (the same on both sides: neither ships it),
/// and the placeholder for anything missing or malformed. Biome tints in one table for both sides.
final class PreviewTextures {
    let context: ConversionContext
    private var jar: [ResourceLocation: Texture] = [:]
    private var pack: [String: RGBAImage] = [:]
    private lazy var terrain = atlas("textures/terrain_texture.json")
    private lazy var items = atlas("textures/item_texture.json")

    /// An image and how it uses transparency; `broken` when the jar's file is not a readable PNG.
    struct Texture {
        var image: RGBAImage
        var cutout = false
        var translucent = false
        var broken: String?
    }

    init(context: ConversionContext) {
        self.context = context
    }

    /// A Java texture: the jar's PNG (first frame; a connected-texture sheet's plain tile), a vanilla
    /// texture's colour, or the placeholder.
    func java(_ id: ResourceLocation?) -> Texture {
        guard let id else { return Texture(image: PlaceholderImage.texture) }
        if let known = jar[id] { return known }
        var result = Texture(image: PlaceholderImage.texture)
        if let entry = context.contents.textures[id], var data = context.contents.data(entry) {
            if let header = try? PNGImage(data),
               let tile = TextureAtlas.connectedTile(data, meta: context.contents.textureMeta[id].flatMap { context.contents.json($0) }, image: header) {
                data = tile
            }
            do {
                result = Self.texture(try PNG.decode(data).firstFrame)
            } catch {
                result.broken = "texture \(id) cannot be drawn: \(error)"
            }
        } else if let path = VanillaTextures.bedrockPath(id) {
            result = Texture(image: Self.vanilla(path))
        }
        jar[id] = result
        return result
    }

    /// A Bedrock terrain key's image, as the game would find it.
    func bedrockTerrain(_ key: String) -> RGBAImage { image(atPath: terrain[key]) }

    /// A Bedrock item-atlas key's image.
    func bedrockItem(_ key: String) -> RGBAImage { image(atPath: items[key]) }

    private func image(atPath path: String?) -> RGBAImage {
        guard let path else { return PlaceholderImage.texture }
        if let known = pack[path] { return known }
        let image: RGBAImage
        if let data = context.resourcePack[path + ".png"], let decoded = try? PNG.decode(data) {
            image = decoded.firstFrame
        } else if VanillaTextures.bedrockPaths.contains(path) {
            image = Self.vanilla(path)
        } else {
            image = PlaceholderImage.texture
        }
        pack[path] = image
        return image
    }

    private func atlas(_ path: String) -> [String: String] {
        guard let data = context.resourcePack[path], let json = try? LenientJSONParser().parse(data) else { return [:] }
        var result: [String: String] = [:]
        for member in json["texture_data"]?.members ?? [] {
            if let path = member.value["textures"]?.stringValue ?? member.value["textures"]?.arrayValue?.first?.stringValue { result[member.key] = path }
        }
        return result
    }

    private static func texture(_ image: RGBAImage) -> Texture {
        var texture = Texture(image: image)
        var index = 3
        while index < image.pixels.count {
            let alpha = image.pixels[index]
            if alpha == 0 { texture.cutout = true } else if alpha < 250 { texture.translucent = true }
            index += 4
        }
        return texture
    }

    /// A vanilla texture neither side ships: one colour from its Bedrock path.
    static func vanilla(_ path: String) -> RGBAImage {
        var hash: UInt32 = 2_166_136_261
        for byte in path.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let colour = RGBA(red: UInt8(64 + hash % 160), green: UInt8(64 + (hash >> 8) % 160), blue: UInt8(64 + (hash >> 16) % 160))
        return (try? RGBAImage(width: 16, height: 16, filledWith: colour)) ?? PlaceholderImage.texture
    }

    /// Biome colours in plains, as both games draw them.
    static let tints: [String: RGB] = [
        "grass": RGB(red: 0x91, green: 0xBD, blue: 0x59), "default_foliage": RGB(red: 0x77, green: 0xAB, blue: 0x2F),
        "birch_foliage": RGB(red: 0x80, green: 0xA7, blue: 0x55), "evergreen_foliage": RGB(red: 0x61, green: 0x99, blue: 0x61),
        "dry_foliage": RGB(red: 0xA0, green: 0x8B, blue: 0x5A), "water": RGB(red: 0x3F, green: 0x76, blue: 0xE4),
    ]

    /// A Bedrock tint method's colour.
    static func tint(method: String) -> RGB? { tints[method] }

    /// The colour Java gives a tinted face, from the block's and texture's names (the same sources
    /// the game's colour handlers use: leaves, grass, water); plain grass when unknown.
    static func tint(block: ResourceLocation, texture: ResourceLocation?) -> RGB? {
        let names = [block.name, texture?.path ?? ""].joined(separator: " ")
        if names.contains("leaves") || names.contains("leaf") || names.contains("foliage") || names.contains("vine") {
            return tints[names.contains("birch") ? "birch_foliage" : names.contains("spruce") || names.contains("pine") ? "evergreen_foliage" : "default_foliage"]
        }
        if names.contains("water") { return tints["water"] }
        return tints["grass"]
    }
}

import Foundation

/// The textures of the resource pack: every PNG the mod ships copied into place, the terrain and
/// item atlases keyed by texture, flipbooks for animated block textures, first frames for animated
/// item icons, and a placeholder where a model names a texture the jar lacks.
final class TextureAtlas {
    private let contents: ModContents
    private var checked: [ResourceLocation: Result<PNGImage, PNGImage.FormatError>] = [:]
    private(set) var terrain: [String: String] = [:]
    private(set) var items: [String: String] = [:]
    private var blockUse: Set<ResourceLocation> = []
    private var itemUse: Set<ResourceLocation> = []
    private var placeholderUsed = false

    /// The terrain key of the magenta stand-in texture.
    let placeholderKey: String
    /// The mod id as a key prefix (letters, digits, `_`, `-`).
    let prefix: String

    init(contents: ModContents) {
        self.contents = contents
        // The mod id may hold an unresolved placeholder (`${mod_id}`): keys and paths use a clean form.
        prefix = ConversionEngine.folderName(contents.metadata.modID).lowercased()
        placeholderKey = "\(prefix)_missing_texture"
    }

    /// The key of a texture drawn on blocks: the jar's PNG, else (for a `minecraft:` texture) a key
    /// of the add-on's own pointing at the vanilla Bedrock texture that shows the same thing;
    /// `nil` when neither exists.
    func terrainKey(_ id: ResourceLocation) -> String? {
        if case .success = image(id) {
            blockUse.insert(id)
            let key = Self.key(id)
            terrain[key] = Self.packPath(id)
            return key
        }
        guard let path = VanillaTextures.bedrockPath(id) else { return nil }
        let key = vanillaKey(path)
        terrain[key] = path
        return key
    }

    /// The key of a texture used as an item icon (the jar's PNG, else the vanilla Bedrock texture of
    /// a `minecraft:` id), or `nil`. Animated icons use their first frame.
    func itemKey(_ id: ResourceLocation) -> String? {
        if case .success = image(id) {
            itemUse.insert(id)
            let key = Self.key(id)
            items[key] = contents.textureMeta[id] != nil ? Self.packPath(id) + "_frame0" : Self.packPath(id)
            return key
        }
        guard let path = VanillaTextures.bedrockPath(id) else { return nil }
        let key = vanillaKey(path)
        items[key] = path
        return key
    }

    /// `<mod>_vanilla_<name>` for a vanilla path: never one of the vanilla pack's own keys.
    private func vanillaKey(_ path: String) -> String {
        "\(prefix)_vanilla_\(path.split(separator: "/").last.map(String.init) ?? path)"
    }

    /// Whether a texture is one of the vanilla game's, named rather than shipped.
    static func isVanilla(_ id: ResourceLocation, in contents: ModContents) -> Bool {
        contents.textures[id] == nil && VanillaTextures.bedrockPath(id) != nil
    }

    /// The placeholder's terrain key (the placeholder is written when used).
    func placeholder() -> String {
        placeholderUsed = true
        terrain[placeholderKey] = "textures/blocks/\(prefix)/missing_texture"
        return placeholderKey
    }

    /// The placeholder as an item icon key (the same PNG in the item atlas).
    func placeholderItemKey() -> String {
        placeholderUsed = true
        items[placeholderKey] = "textures/blocks/\(prefix)/missing_texture"
        return placeholderKey
    }

    /// How a texture uses transparency.
    enum Alpha: Equatable {
        case opaque
        /// Pixels are either fully transparent or fully opaque (leaves, plants, doors).
        case cutout
        /// Some pixels are partly transparent (stained glass, ice).
        case translucent
    }

    /// The transparency of a texture: read from the jar's PNG (a format without alpha is opaque;
    /// with alpha, its pixels decide), or known of the vanilla texture by its name.
    func alpha(_ id: ResourceLocation) -> Alpha {
        if let known = alphaCache[id] { return known }
        let result: Alpha
        if case .success(let image) = image(id) {
            result = image.alpha(contents.textures[id].flatMap { contents.data($0) })
        } else {
            let name = id.path
            if name.contains("stained_glass") || name.contains("ice") || name.contains("slime") || name.contains("honey_block") {
                result = .translucent
            } else if ["glass", "leaves", "door", "sapling", "flower", "plant", "bars", "ladder", "rail", "torch", "web", "vine", "grass", "fern", "mushroom"]
                        .contains(where: name.contains) {
                result = .cutout
            } else {
                result = .opaque
            }
        }
        alphaCache[id] = result
        return result
    }

    private var alphaCache: [ResourceLocation: Alpha] = [:]

    /// Why a texture cannot be used, or `nil`.
    func problem(_ id: ResourceLocation) -> String? {
        guard contents.textures[id] != nil else {
            if VanillaTextures.bedrockPath(id) != nil { return nil }
            return id.namespace == "minecraft" ? "vanilla texture \(id) has no Bedrock counterpart" : "texture \(id) is not in the jar"
        }
        if case .failure(let error) = image(id) { return "\(contents.textures[id] ?? id.description): \(error)" }
        return nil
    }

    private func image(_ id: ResourceLocation) -> Result<PNGImage, PNGImage.FormatError> {
        if let known = checked[id] { return known }
        let result: Result<PNGImage, PNGImage.FormatError>
        if let entry = contents.textures[id], let data = contents.data(entry) {
            result = Result { () throws(PNGImage.FormatError) in try PNGImage(data) }
        } else {
            result = .failure(PNGImage.FormatError(description: contents.textures[id].map { contents.problem($0) } ?? "missing"))
        }
        checked[id] = result
        return result
    }

    /// `ns_block_ruby` for `ns:block/ruby`.
    /// The texture's key in `terrain_texture.json` / `item_texture.json` (and a flipbook's
    /// `atlas_tile`): `[a-z0-9_-]` only, as Bedrock's schema wants. A path that needed changing
    /// beyond `/` → `_` (capitals, dots: `bucketFuel`, `fluid.natural_gas`) gets a short hash of
    /// itself, so two paths differing only there never share a key.
    static func key(_ id: ResourceLocation) -> String {
        let plain = "\(id.namespace)_\(String(decoding: id.path.utf8.map { $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }, as: UTF8.self))"
        let allowed = plain.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        guard !allowed else { return plain }
        let cleaned = String(String.UnicodeScalarView(plain.lowercased().unicodeScalars.map { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" ? scalar : "_"
        }))
        var hash: UInt32 = 2_166_136_261
        for byte in plain.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return cleaned + "_" + String(hash & 0xFFFFFF, radix: 16)
    }

    /// The pack path without `.png`: `textures/blocks/<ns>/…` for `block(s)/…`, `textures/items/<ns>/…`
    /// for `item(s)/…`, `textures/<ns>/<path>` otherwise.
    static func packPath(_ id: ResourceLocation) -> String {
        let parts = id.path.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2, parts[0] == "block" || parts[0] == "blocks" { return "textures/blocks/\(id.namespace)/\(parts[1])" }
        if parts.count == 2, parts[0] == "item" || parts[0] == "items" { return "textures/items/\(id.namespace)/\(parts[1])" }
        return "textures/\(id.namespace)/\(id.path)"
    }

    /// Writes the textures and atlases into the resource pack and reports each PNG.
    func finish(into pack: inout [String: Data], report: inout [ConversionReport.Feature]) {
        let name = prefix
        var flipbooks: [JSONValue] = []
        for (id, entry) in contents.textures.sorted(by: { $0.key < $1.key }) {
            let path = Self.packPath(id)
            guard case .success(let image) = image(id), let data = contents.data(entry) else {
                report.append(.init(kind: .texture, javaID: id.description, bedrockID: nil, status: .failed, assumption: .init(
                    standIn: "nothing: faces that use it show the placeholder", reason: problem(id) ?? "unreadable", impact: .medium)))
                continue
            }
            var status = ConversionReport.Status.converted
            var assumption: ConversionReport.Assumption?
            if let tile = Self.connectedTile(data, meta: contents.textureMeta[id].flatMap { contents.json($0) }, image: image) {
                // A connected-texture sheet (Fusion): the plain tile, top left in every layout.
                pack[path + ".png"] = tile
                report.append(.init(kind: .texture, javaID: id.description, bedrockID: path + ".png", status: .approximated, assumption: .init(
                    standIn: "the sheet's plain tile", reason: "Bedrock has no connected textures", impact: .low)))
                continue
            }
            pack[path + ".png"] = data
            if let metaEntry = contents.textureMeta[id] {
                let animation = contents.json(metaEntry)?["animation"]
                if blockUse.contains(id) {
                    flipbooks.append(flipbook(id: id, animation: animation, image: image))
                }
                if itemUse.contains(id) {
                    if let frame = PNGImage.cropTop(data, rows: min(image.width, image.height)) {
                        pack[path + "_frame0.png"] = frame
                    } else {
                        pack[path + "_frame0.png"] = data
                    }
                    status = .approximated
                    assumption = .init(standIn: "the first frame as a still icon", reason: "Bedrock animates block textures only (flipbooks)", impact: .low)
                }
            }
            report.append(.init(kind: .texture, javaID: id.description, bedrockID: path + ".png", status: status, assumption: assumption))
        }
        if placeholderUsed {
            pack["textures/blocks/\(name)/missing_texture.png"] = PNGImage.solid(size: 16, red: 248, green: 0, blue: 248)
        }
        if !terrain.isEmpty {
            pack["textures/terrain_texture.json"] = Self.atlas(name: name, atlas: "atlas.terrain", entries: terrain, padding: true)
        }
        if !items.isEmpty {
            pack["textures/item_texture.json"] = Self.atlas(name: name, atlas: "atlas.items", entries: items, padding: false)
        }
        if !flipbooks.isEmpty {
            pack["textures/flipbook_textures.json"] = Data(JSONWriter.write(.array(flipbooks)).utf8)
        }
    }

    /// The plain tile of a Fusion connecting texture (`.png.mcmeta` `{"fusion": {"type": "connecting",
    /// "layout": …}}`): column 0, row 0 of the sheet (`full` 8×8 tiles, `simple` 4×4, `horizontal` 4×1,
    /// `vertical` 1×4, `compact` 5×1). `nil` for any other texture.
    static func connectedTile(_ data: Data, meta: JSONValue?, image: PNGImage) -> Data? {
        guard let fusion = meta?["fusion"], (fusion["type"]?.stringValue ?? "connecting").hasSuffix("connecting") else { return nil }
        let (columns, rows) = switch fusion["layout"]?.stringValue ?? "full" {
        case "simple": (4, 4)
        case "horizontal": (4, 1)
        case "vertical": (1, 4)
        case "compact": (5, 1)
        default: (8, 8)
        }
        guard image.width % columns == 0, image.height % rows == 0, image.width >= columns, image.height >= rows else { return nil }
        return PNGImage.cropTopLeft(data, width: image.width / columns, height: image.height / rows)
    }

    private func flipbook(id: ResourceLocation, animation: JSONValue?, image: PNGImage) -> JSONValue {
        var members = [
            JSONMember(key: "flipbook_texture", value: .string(Self.packPath(id))),
            JSONMember(key: "atlas_tile", value: .string(Self.key(id))),
            JSONMember(key: "ticks_per_frame", value: .number(max(1, animation?["frametime"]?.numberValue ?? 1))),
        ]
        let frames = animation?["frames"]?.arrayValue?.compactMap { $0.numberValue ?? $0["index"]?.numberValue } ?? []
        if !frames.isEmpty { members.append(JSONMember(key: "frames", value: .array(frames.map(JSONValue.number)))) }
        if animation?["interpolate"] == .bool(true) { members.append(JSONMember(key: "blend_frames", value: .bool(true))) }
        return .object(members)
    }

    private static func atlas(name: String, atlas: String, entries: [String: String], padding: Bool) -> Data {
        var members = [
            JSONMember(key: "resource_pack_name", value: .string(name)),
            JSONMember(key: "texture_name", value: .string(atlas)),
        ]
        if padding {
            members.append(JSONMember(key: "padding", value: .number(8)))
            members.append(JSONMember(key: "num_mip_levels", value: .number(4)))
        }
        let data = entries.sorted(by: { $0.key < $1.key }).map { key, path in
            JSONMember(key: key, value: .object([JSONMember(key: "textures", value: .string(path))]))
        }
        members.append(JSONMember(key: "texture_data", value: .object(data)))
        return Data(JSONWriter.write(.object(members)).utf8)
    }
}

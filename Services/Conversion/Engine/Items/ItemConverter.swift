import Foundation

/// Items (not block items: Bedrock makes those itself) → `minecraft:item` definitions with icons,
/// stack sizes, durability, tools, armour (with attachables so it renders when worn) and food.
struct ItemConverter {
    let context: ConversionContext

    static let formatVersion = "1.21.40"

    enum Tool: String, CaseIterable {
        case sword, pickaxe, axe, shovel, hoe
        /// Attack damage of the vanilla iron tool of this kind.
        var damage: Double {
            switch self {
            case .sword: 4
            case .axe: 6
            case .pickaxe: 2
            case .shovel: 3
            case .hoe: 1
            }
        }
    }

    enum Armour: String, CaseIterable {
        case helmet, chestplate, leggings, boots
        /// Protection of the vanilla iron piece.
        var protection: Double {
            switch self {
            case .helmet, .boots: 2
            case .chestplate: 6
            case .leggings: 5
            }
        }
        /// Durability of the vanilla iron piece.
        var ironDurability: Double {
            switch self {
            case .helmet: 165
            case .chestplate: 240
            case .leggings: 225
            case .boots: 195
            }
        }
        /// Bedrock's wearable slot.
        var slot: String {
            switch self {
            case .helmet: "slot.armor.head"
            case .chestplate: "slot.armor.chest"
            case .leggings: "slot.armor.legs"
            case .boots: "slot.armor.feet"
            }
        }
    }

    /// Durability by material prefix, as vanilla tools have it.
    static let toolDurability: [String: Double] = ["wooden": 59, "stone": 131, "iron": 250, "golden": 32, "gold": 32, "diamond": 1561, "netherite": 2031]

    func run() {
        for id in context.items { convert(id) }
    }

    private func convert(_ id: ResourceLocation) {
        let bedrockID = "\(context.options.namespaceOverride ?? id.namespace):\(id.name)"
        var approximations: [String] = []
        var notes: [String] = []
        let registered = context.registered(id.name)

        // Icon.
        var icon: String?
        let modelID = ResourceLocation(namespace: id.namespace, path: "item/\(id.name)")
        var handheld = false
        switch context.resolver.resolve(modelID) {
        case .success(let model):
            handheld = model.shape == .itemHandheld
            switch model.shape {
            case .unsupported(let why), .drawnByCode(let why): approximations.append("\(why): the icon uses the model's first texture")
            case .elements where !model.elements.isEmpty: approximations.append("a 3D item model: the icon is its particle texture")
            default: break
            }
            approximations += model.notes
            let texture = model.layer0 ?? model.textures["particle"] ?? model.textures.sorted { $0.key < $1.key }.first?.value
            if let texture {
                icon = context.atlas.itemKey(texture)
                if icon == nil { approximations.append("\(context.atlas.problem(texture) ?? "icon texture unusable"); a placeholder icon stands in") }
            } else {
                approximations.append("the item model names no texture; a placeholder icon stands in")
            }
        case .failure(let problem):
            approximations.append("\(problem); a placeholder icon stands in")
        }
        let iconKey = icon ?? context.placeholderIcon()

        let tool = Tool.allCases.first { id.name.hasSuffix("_\($0.rawValue)") || id.name == $0.rawValue }
        let armour = Armour.allCases.first { id.name.hasSuffix("_\($0.rawValue)") }
        let material = String(id.name.split(separator: "_").first ?? "")

        var components: [JSONMember] = [
            JSONMember(key: "minecraft:icon", value: .string(iconKey)),
            JSONMember(key: "minecraft:display_name", value: .object([JSONMember(key: "value", value: .string("item.\(bedrockID)"))])),
        ]
        let stack = registered[.stackSize] ?? (tool != nil || armour != nil ? 1 : 64)
        components.append(JSONMember(key: "minecraft:max_stack_size", value: .number(min(64, max(1, stack)))))
        var durability = registered[.durability]
        if let tool {
            components.append(JSONMember(key: "minecraft:hand_equipped", value: .bool(true)))
            components.append(JSONMember(key: "minecraft:damage", value: .number(tool.damage)))
            if durability == nil {
                let assumed = Self.toolDurability[material] ?? 250
                durability = assumed
                notes.append("durability not found in the mod's code: \(JSONWriter.format(assumed)) assumed")
            }
            if let tags = Self.diggerTags(tool) {
                components.append(JSONMember(key: "minecraft:digger", value: .object([
                    JSONMember(key: "use_efficiency", value: .bool(true)),
                    JSONMember(key: "destroy_speeds", value: .array([.object([
                        JSONMember(key: "block", value: .object([JSONMember(key: "tags", value: .string(tags))])),
                        JSONMember(key: "speed", value: .number(6)),
                    ])])),
                ])))
            }
            components.append(JSONMember(key: "minecraft:enchantable", value: .object([
                JSONMember(key: "slot", value: .string(tool == .sword ? "sword" : tool.rawValue)), JSONMember(key: "value", value: .number(10)),
            ])))
        } else if handheld {
            components.append(JSONMember(key: "minecraft:hand_equipped", value: .bool(true)))
        }
        if let armour {
            components.append(JSONMember(key: "minecraft:wearable", value: .object([
                JSONMember(key: "slot", value: .string(armour.slot)),
                JSONMember(key: "protection", value: .number(armour.protection)),
            ])))
            notes.append("armour protection from the vanilla iron values: \(JSONWriter.format(armour.protection))")
            if durability == nil {
                durability = armour.ironDurability
                notes.append("durability not found in the mod's code: \(JSONWriter.format(armour.ironDurability)) (iron) assumed")
            }
            if !attachable(id: id, bedrockID: bedrockID, armour: armour, material: material) {
                approximations.append("no armour layer texture (textures/models/armor/\(material)_layer_\(armour == .leggings ? 2 : 1).png): worn armour is invisible")
            }
        }
        if let durability {
            components.append(JSONMember(key: "minecraft:durability", value: .object([JSONMember(key: "max_durability", value: .number(max(1, durability)))])))
        }
        if let nutrition = registered[.nutrition] {
            components.append(JSONMember(key: "minecraft:food", value: .object([
                JSONMember(key: "nutrition", value: .number(nutrition)),
                JSONMember(key: "saturation_modifier", value: .number(registered[.saturation] ?? 0.6)),
            ])))
            components.append(JSONMember(key: "minecraft:use_animation", value: .string("eat")))
            components.append(JSONMember(key: "minecraft:use_modifiers", value: .object([JSONMember(key: "use_duration", value: .number(1.6))])))
            if registered[.saturation] == nil { notes.append("saturation not found in the mod's code: 0.6 assumed") }
        }
        context.write(.object([
            JSONMember(key: "format_version", value: .string(Self.formatVersion)),
            JSONMember(key: "minecraft:item", value: .object([
                JSONMember(key: "description", value: .object([
                    JSONMember(key: "identifier", value: .string(bedrockID)),
                    JSONMember(key: "menu_category", value: .object([
                        JSONMember(key: "category", value: .string(tool != nil || armour != nil ? "equipment" : "items")),
                    ])),
                ])),
                JSONMember(key: "components", value: .object(components)),
            ])),
        ]), to: "items/\(id.namespace)/\(id.name).json", behavior: true)
        context.writtenItems.insert(bedrockID)
        if approximations.isEmpty {
            context.add(.item, id.description, bedrockID, .converted, notes: notes)
        } else {
            context.add(.item, id.description, bedrockID, .approximated, .init(
                standIn: approximations.joined(separator: "; "), reason: "the jar does not give Bedrock everything this item needs", impact: icon == nil ? .medium : .low), notes: notes)
        }
    }

    static func diggerTags(_ tool: Tool) -> String? {
        switch tool {
        case .pickaxe: "q.any_tag('stone', 'metal', 'diamond_pick_diggable')"
        case .axe: "q.any_tag('wood', 'pumpkin', 'plant')"
        case .shovel: "q.any_tag('dirt', 'sand', 'gravel', 'grass', 'snow')"
        case .hoe: "q.any_tag('plant', 'crop')"
        case .sword: nil
        }
    }

    /// Writes the attachable that draws worn armour; `false` when the jar has no layer texture.
    private func attachable(id: ResourceLocation, bedrockID: String, armour: Armour, material: String) -> Bool {
        let layer = ResourceLocation(namespace: id.namespace, path: "models/armor/\(material)_layer_\(armour == .leggings ? 2 : 1)")
        guard context.contents.textures[layer] != nil, context.atlas.problem(layer) == nil else { return false }
        let (geometry, variable) = switch armour {
        case .helmet: ("geometry.humanoid.armor.helmet", "helmet_layer_visible")
        case .chestplate: ("geometry.humanoid.armor.chestplate", "chest_layer_visible")
        case .leggings: ("geometry.humanoid.armor.leggings", "leg_layer_visible")
        case .boots: ("geometry.humanoid.armor.boots", "boot_layer_visible")
        }
        context.write(.object([
            JSONMember(key: "format_version", value: .string("1.10.0")),
            JSONMember(key: "minecraft:attachable", value: .object([
                JSONMember(key: "description", value: .object([
                    JSONMember(key: "identifier", value: .string(bedrockID)),
                    JSONMember(key: "materials", value: .object([
                        JSONMember(key: "default", value: .string("armor")), JSONMember(key: "enchanted", value: .string("armor_enchanted")),
                    ])),
                    JSONMember(key: "textures", value: .object([
                        JSONMember(key: "default", value: .string(TextureAtlas.packPath(layer))),
                        JSONMember(key: "enchanted", value: .string("textures/misc/enchanted_item_glint")),
                    ])),
                    JSONMember(key: "geometry", value: .object([JSONMember(key: "default", value: .string(geometry))])),
                    JSONMember(key: "scripts", value: .object([JSONMember(key: "parent_setup", value: .string("variable.\(variable) = 0.0;"))])),
                    JSONMember(key: "render_controllers", value: .array([.string("controller.render.armor")])),
                ])),
            ])),
        ]), to: "attachables/\(id.namespace)/\(id.name).json", behavior: false)
        return true
    }
}

extension ConversionContext {
    /// The placeholder texture as an item icon key.
    func placeholderIcon() -> String {
        atlas.placeholderItemKey()
    }
}

/// How faces are drawn: the render method every material instance of a block shares, and the biome
/// tint of faces Java colours by code.
extension BlockLooks {
    /// Bedrock wants one render method for all of a block's instances: `blend` when any texture is
    /// translucent (or the model says `translucent`), `alpha_test` when any is cut out — single-sided
    /// like Java, which culls the faces behind a cut-out (glass, leaves) — except crossed planes,
    /// seen from both sides; else `opaque`.
    func renderMethod(models: [ResolvedModel], textures: [ResourceLocation], cross: Bool) -> String {
        var method = cross ? 1 : 0
        for model in models {
            switch model.renderType.map({ $0.split(separator: ":").last.map(String.init) ?? $0 }) {
            case "translucent": method = max(method, 2)
            case "cutout", "cutout_mipped", "cutout_mipped_all", "tripwire": method = max(method, 1)
            default: break
            }
        }
        for texture in Set(textures) {
            switch context.atlas.alpha(texture) {
            case .translucent: method = max(method, 2)
            case .cutout: method = max(method, 1)
            case .opaque: break
            }
        }
        return ["opaque", cross ? "alpha_test" : "alpha_test_single_sided", "blend"][method]
    }

    /// The Bedrock tint method for a tinted face whose colour source can be told from the block's
    /// or the texture's name (leaves, grass, water), when the target game has tint methods; `nil`
    /// (with a report line) otherwise.
    func tintMethod(block: ResourceLocation, texture: ResourceLocation?, problems: inout [String]) -> String? {
        let names = [block.name, texture?.path ?? ""].joined(separator: " ")
        let method: String?
        if names.contains("leaves") || names.contains("leaf") || names.contains("foliage") || names.contains("vine") {
            method = names.contains("birch") ? "birch_foliage" : names.contains("spruce") || names.contains("pine") || names.contains("fir_") ? "evergreen_foliage" : "default_foliage"
        } else if names.contains("water") {
            method = "water"
        } else if ["grass", "fern", "sugar_cane", "reed", "lily", "bush", "sprout", "tall_"].contains(where: names.contains) {
            method = "grass"
        } else {
            method = nil
        }
        guard let method else {
            note("tinted faces are drawn untinted: Java colours them by code and the colour source is not known", &problems)
            return nil
        }
        guard BedrockTarget(engine: context.options.minEngineVersion).tintMethod else {
            note("tinted faces are drawn untinted: \(method) tint needs Bedrock 1.21.80 or later", &problems)
            return nil
        }
        return method
    }

    private func note(_ text: String, _ problems: inout [String]) {
        if !problems.contains(text) { problems.append(text) }
    }
}

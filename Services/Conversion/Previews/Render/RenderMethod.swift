/// How a face's texture alpha is used, named as Bedrock's `render_method` names them.
///
/// | method | alpha | back faces |
/// | --- | --- | --- |
/// | `opaque` | ignored: every texel drawn fully opaque | culled |
/// | `double_sided` | ignored | drawn |
/// | `alpha_test` | texels with alpha < 0.5 (below 128) discarded, the rest opaque | drawn |
/// | `alpha_test_single_sided` | as `alpha_test` | culled |
/// | `blend` | alpha-blended over what is behind, drawn after everything else, far to near | culled |
///
/// Bedrock's `…_to_opaque` variants (which turn opaque far from the camera) read as the method
/// they start from. Java Edition always culls back faces, so a ``JavaModelScene`` only uses the
/// alpha column.
public enum RenderMethod: String, Sendable, CaseIterable {
    /// Alpha ignored, back faces culled.
    case opaque
    /// Alpha ignored, back faces drawn.
    case doubleSided = "double_sided"
    /// Texels below half alpha discarded, back faces drawn.
    case alphaTest = "alpha_test"
    /// Texels below half alpha discarded, back faces culled.
    case alphaTestSingleSided = "alpha_test_single_sided"
    /// Alpha-blended, drawn last, back faces culled.
    case blend

    /// The method a Bedrock `render_method` string names, or `nil` for an unknown name.
    public init?(bedrockName name: String) {
        let near = [
            "blend_to_opaque": "blend", "alpha_test_to_opaque": "alpha_test",
            "alpha_test_single_sided_to_opaque": "alpha_test_single_sided",
        ][name] ?? name
        self.init(rawValue: near)
    }

    var alphaMode: AlphaMode {
        switch self {
        case .opaque, .doubleSided: .opaque
        case .alphaTest, .alphaTestSingleSided: .cutout
        case .blend: .blend
        }
    }

    var drawsBackFaces: Bool { self == .doubleSided || self == .alphaTest }
}

/// What the rasteriser does with a texel's alpha.
enum AlphaMode {
    case opaque, cutout, blend
}

import Foundation

/// The OpenAPI document as a resource of this target (`openapi.json`, copied next to the
/// executables as `ModPorter_OpenAPISpec.resources` — the release image copies it too).
public enum OpenAPISpec {
    /// The document's text. A build without its resource bundle stops here, at the first use (the
    /// gateway reads it while building its router, so at start-up).
    public static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            fatalError("openapi.json is missing from the gateway's resource bundle")
        }
        return text
    }()
}

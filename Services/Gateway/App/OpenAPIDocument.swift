import OpenAPISpec

/// The public API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`: the JSON file
/// `Services/Gateway/OpenAPI/openapi.json`, bundled with the gateway.
///
/// Kept true by the gateway's OpenAPI test, which compares it with the routes the gateway's router
/// really has, both ways; each operation's `x-permission` is the permission the route declares.
/// Grows with every public route.
public enum OpenAPIDocument {
    /// The document's text, read from the bundle once.
    public static let json = OpenAPISpec.text
}

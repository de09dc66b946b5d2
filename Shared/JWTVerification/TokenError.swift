/// Why a token was refused. `code` is the stable machine-readable reason (never the token).
public struct TokenError: Error, Equatable, CustomStringConvertible {
    /// `malformed`, `unsupported_algorithm`, `missing_key_id`, `unknown_key`, `bad_signature`,
    /// `expired`, `not_yet_valid`, `wrong_issuer` or `wrong_audience`.
    public let code: String
    /// A sentence for people and logs.
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static let malformed = TokenError("malformed", "the token is not a compact JWS")
}

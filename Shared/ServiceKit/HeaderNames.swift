import Contracts
import Foundation
import HTTPTypes

/// The header names the services write or read beyond those HTTPTypes names, in one place.
///
/// `HTTPField.Name(_:)` is failable (a name must be an HTTP token); every name here is a literal
/// token, so ``known(_:)`` never falls back — `HeaderNamesTests` checks each one against its text.
extension HTTPField.Name {
    /// `X-Request-ID`: travels on every hop and appears in every log line.
    public static let requestID = known("X-Request-ID")
    /// `X-Forwarded-For`: the client address chain nginx and the gateway pass on.
    public static let forwardedFor = known("X-Forwarded-For")
    /// `X-User-ID`: the user the gateway verified, on internal calls.
    public static let userID = known("X-User-ID")
    /// `X-User-Permissions`: that user's permissions, comma-separated.
    public static let userPermissions = known("X-User-Permissions")
    /// `X-User-Roles`: that user's roles, comma-separated.
    public static let userRoles = known("X-User-Roles")
    /// `X-CSRF-Token`: the double-submit token of browser sessions.
    public static let csrfToken = known("X-CSRF-Token")
    /// `X-Document-Seq`: the sequence number of a collaboration document.
    public static let documentSeq = known("X-Document-Seq")
    /// The `RateLimit-*` headers of draft-ietf-httpapi-ratelimit-headers.
    public static let rateLimitLimit = known("RateLimit-Limit")
    public static let rateLimitRemaining = known("RateLimit-Remaining")
    public static let rateLimitReset = known("RateLimit-Reset")
    /// Security headers HTTPTypes does not name.
    public static let frameOptions = known("X-Frame-Options")
    public static let referrerPolicy = known("Referrer-Policy")

    /// Every name above with the text it was made from (for the test that proves none fell back).
    public static let knownNames: [(HTTPField.Name, String)] = [
        (requestID, "X-Request-ID"), (forwardedFor, "X-Forwarded-For"), (userID, "X-User-ID"), (userPermissions, "X-User-Permissions"),
        (userRoles, "X-User-Roles"), (csrfToken, "X-CSRF-Token"), (documentSeq, "X-Document-Seq"), (rateLimitLimit, "RateLimit-Limit"),
        (rateLimitRemaining, "RateLimit-Remaining"), (rateLimitReset, "RateLimit-Reset"),
        (frameOptions, "X-Frame-Options"), (referrerPolicy, "Referrer-Policy"),
    ]

    /// A name written as a literal token here. Never traps: were the literal not a token, the name
    /// would be `X-Invalid-Header-Name` (and the test would fail).
    static func known(_ name: String) -> HTTPField.Name {
        HTTPField.Name(name) ?? HTTPField.Name("X-Invalid-Header-Name") ?? .via
    }
}

/// The user an internal call is made for, as the gateway names them (`X-User-ID`,
/// `X-User-Permissions`, `X-User-Roles`) after verifying their token. Only believed on a request
/// that also carries a valid service token (the callee checks that first).
public struct ForwardedUser: Sendable {
    public let id: UUID
    public let permissions: Set<String>
    /// Never empty: a user with no named role is a `user`.
    public let roles: [String]

    /// The user the headers name, when they name one (`user_required` otherwise) holding
    /// `permission` (`forbidden` otherwise).
    public init(_ headers: HTTPFields, needs permission: String) throws {
        guard let id = headers[.userID].flatMap(UUID.init(uuidString:)) else {
            throw AppError(.unauthorized, code: "user_required", message: "the gateway did not name the user")
        }
        let permissions = Set((headers[.userPermissions] ?? "").split(separator: ",").map(String.init))
        guard permissions.contains(permission) else { throw AppError(.forbidden, code: "forbidden", message: "this needs the permission \(permission)") }
        let roles = (headers[.userRoles] ?? "").split(separator: ",").map(String.init)
        self.id = id
        self.permissions = permissions
        self.roles = roles.isEmpty ? [Role.user.rawValue] : roles
    }
}

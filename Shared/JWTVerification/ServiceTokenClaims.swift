import Foundation
import JWTKit

/// The claims of a service token: a short-lived JWT auth issues to one service (`sub` =
/// `service:<name>`, role `service`) for calls to another (`aud` = the callee's name). It has no
/// session, so a user's access token can never pass for one, nor one for a user's.
public struct ServiceTokenClaims: IssuedClaims, Equatable {
    public var registered: RegisteredClaims
    /// Always `["service"]`.
    public var roles: [String]

    enum CodingKeys: String, CodingKey {
        case roles
    }

    public init(issuer: String, callee: String, caller: String, issuedAt: Date, expiration: Date) {
        registered = RegisteredClaims(
            issuer: issuer, audience: callee, subject: "service:\(caller)", issuedAt: issuedAt, notBefore: issuedAt, expiration: expiration,
            id: UUID().uuidString.lowercased())
        roles = ["service"]
    }

    public init(from decoder: any Decoder) throws {
        registered = try RegisteredClaims(from: decoder)
        roles = try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .roles)
    }

    public func encode(to encoder: any Encoder) throws {
        try registered.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(roles, forKey: .roles)
    }

    /// The calling service's name.
    public var caller: String { String(subject.value.dropFirst("service:".count)) }
}

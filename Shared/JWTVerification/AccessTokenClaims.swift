import Foundation
import JWTKit

/// The claims of a ModPorter access token (issued by `auth`, verified by every service): the
/// registered claims (`sub` is the user id) and the session and roles.
public struct AccessTokenClaims: IssuedClaims, Equatable {
    public var registered: RegisteredClaims
    /// `sid`: the session the token belongs to (revoking the session revokes the token).
    public var sessionID: String
    /// `roles`: the user's roles.
    public var roles: [String]

    enum CodingKeys: String, CodingKey {
        case sessionID = "sid", roles
    }

    public init(
        issuer: String, audience: String, subject: String, issuedAt: Date, notBefore: Date, expiration: Date,
        id: String, sessionID: String, roles: [String]
    ) {
        registered = RegisteredClaims(
            issuer: issuer, audience: audience, subject: subject, issuedAt: issuedAt, notBefore: notBefore, expiration: expiration, id: id)
        self.sessionID = sessionID
        self.roles = roles
    }

    public init(from decoder: any Decoder) throws {
        registered = try RegisteredClaims(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionID = try container.decode(String.self, forKey: .sessionID)
        roles = try container.decode([String].self, forKey: .roles)
    }

    public func encode(to encoder: any Encoder) throws {
        try registered.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(roles, forKey: .roles)
    }
}

import Foundation
import JWTKit

/// The claims of a ModPorter access token (issued by `auth`, verified by every service).
public struct AccessTokenClaims: JWTPayload, Equatable {
    /// `iss`: who issued it (the auth service's issuer name).
    public var issuer: IssuerClaim
    /// `aud`: who it is for.
    public var audience: AudienceClaim
    /// `sub`: the user id.
    public var subject: SubjectClaim
    /// `iat`: when it was issued.
    public var issuedAt: IssuedAtClaim
    /// `nbf`: not valid before.
    public var notBefore: NotBeforeClaim
    /// `exp`: not valid after.
    public var expiration: ExpirationClaim
    /// `jti`: the token's own id.
    public var id: IDClaim
    /// `sid`: the session the token belongs to (revoking the session revokes the token).
    public var sessionID: String
    /// `roles`: the user's roles.
    public var roles: [String]

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", subject = "sub", issuedAt = "iat", notBefore = "nbf"
        case expiration = "exp", id = "jti", sessionID = "sid", roles
    }

    public init(
        issuer: String, audience: String, subject: String, issuedAt: Date, notBefore: Date, expiration: Date,
        id: String, sessionID: String, roles: [String]
    ) {
        self.issuer = IssuerClaim(value: issuer)
        self.audience = AudienceClaim(value: [audience])
        self.subject = SubjectClaim(value: subject)
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.notBefore = NotBeforeClaim(value: notBefore)
        self.expiration = ExpirationClaim(value: expiration)
        self.id = IDClaim(value: id)
        self.sessionID = sessionID
        self.roles = roles
    }

    /// Time checks; issuer and audience are checked by ``AccessTokenVerifier`` against its
    /// configuration.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
        try notBefore.verifyNotBefore()
    }
}

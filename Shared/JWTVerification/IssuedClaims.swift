import Foundation
import JWTKit

/// The registered claims (RFC 7519 §4.1) every token auth issues carries. They sit flat in the
/// payload beside the token kind's own claims.
public struct RegisteredClaims: Codable, Equatable, Sendable {
    /// `iss`: who issued it (the auth service's issuer name).
    public var issuer: IssuerClaim
    /// `aud`: who it is for.
    public var audience: AudienceClaim
    /// `sub`: whom it speaks for (a user id, or `service:<name>`).
    public var subject: SubjectClaim
    /// `iat`: when it was issued.
    public var issuedAt: IssuedAtClaim
    /// `nbf`: not valid before.
    public var notBefore: NotBeforeClaim
    /// `exp`: not valid after.
    public var expiration: ExpirationClaim
    /// `jti`: the token's own id.
    public var id: IDClaim

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", subject = "sub", issuedAt = "iat", notBefore = "nbf", expiration = "exp", id = "jti"
    }

    public init(issuer: String, audience: String, subject: String, issuedAt: Date, notBefore: Date, expiration: Date, id: String) {
        self.issuer = IssuerClaim(value: issuer)
        self.audience = AudienceClaim(value: [audience])
        self.subject = SubjectClaim(value: subject)
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        self.notBefore = NotBeforeClaim(value: notBefore)
        self.expiration = ExpirationClaim(value: expiration)
        self.id = IDClaim(value: id)
    }
}

/// A kind of token auth issues: the registered claims and its own.
///
/// Issuer and audience are checked by ``AccessTokenVerifier`` against its configuration; the
/// payload's own `verify` checks the times.
public protocol IssuedClaims: JWTPayload {
    var registered: RegisteredClaims { get }
}

extension IssuedClaims {
    public var issuer: IssuerClaim { registered.issuer }
    public var audience: AudienceClaim { registered.audience }
    public var subject: SubjectClaim { registered.subject }
    public var issuedAt: IssuedAtClaim { registered.issuedAt }
    public var notBefore: NotBeforeClaim { registered.notBefore }
    public var expiration: ExpirationClaim { registered.expiration }
    public var id: IDClaim { registered.id }

    /// Time checks: not expired, not before its time.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try registered.expiration.verifyNotExpired()
        try registered.notBefore.verifyNotBefore()
    }
}

import Foundation
import JWTKit

/// Claims every token auth issues carries: who issued it and for whom.
public protocol IssuedClaims: JWTPayload {
    var issuer: IssuerClaim { get }
    var audience: AudienceClaim { get }
}

extension AccessTokenClaims: IssuedClaims {}

/// The claims of a service token: a short-lived JWT auth issues to one service (`sub` =
/// `service:<name>`, role `service`) for calls to another (`aud` = the callee's name). It has no
/// session, so a user's access token can never pass for one, nor one for a user's.
public struct ServiceTokenClaims: IssuedClaims, Equatable {
    public var issuer: IssuerClaim
    public var audience: AudienceClaim
    /// `sub`: `service:<caller>`.
    public var subject: SubjectClaim
    public var issuedAt: IssuedAtClaim
    public var notBefore: NotBeforeClaim
    public var expiration: ExpirationClaim
    public var id: IDClaim
    /// Always `["service"]`.
    public var roles: [String]

    enum CodingKeys: String, CodingKey {
        case issuer = "iss", audience = "aud", subject = "sub", issuedAt = "iat", notBefore = "nbf"
        case expiration = "exp", id = "jti", roles
    }

    public init(issuer: String, callee: String, caller: String, issuedAt: Date, expiration: Date) {
        self.issuer = IssuerClaim(value: issuer)
        audience = AudienceClaim(value: [callee])
        subject = SubjectClaim(value: "service:\(caller)")
        self.issuedAt = IssuedAtClaim(value: issuedAt)
        notBefore = NotBeforeClaim(value: issuedAt)
        self.expiration = ExpirationClaim(value: expiration)
        id = IDClaim(value: UUID().uuidString.lowercased())
        roles = ["service"]
    }

    /// The calling service's name.
    public var caller: String { String(subject.value.dropFirst("service:".count)) }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try expiration.verifyNotExpired()
        try notBefore.verifyNotBefore()
    }
}

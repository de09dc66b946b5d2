import Crypto
import Foundation
import JWTKit
import JWTVerification

/// Signs access tokens with the current Ed25519 key and publishes the JWKS (current and previous
/// public keys), so that verifiers keep accepting tokens across a key rotation.
public struct TokenIssuer: Sendable {
    let keys: JWTKeyCollection
    let currentKeyID: String
    public let issuer: String
    public let audience: String
    public let lifetime: Duration
    public let serviceLifetime: Duration
    /// The JWKS document, as served.
    public let jwks: String

    public init(settings: AuthSettings) async throws {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: try EdDSA.PrivateKey(backing: settings.signingKey), kid: JWKIdentifier(string: settings.signingKeyID))
        self.keys = keys
        currentKeyID = settings.signingKeyID
        issuer = settings.issuer
        audience = settings.audience
        lifetime = settings.accessTokenLifetime
        serviceLifetime = settings.serviceTokenLifetime
        var entries = [Self.jwk(settings.signingKey.publicKey, id: settings.signingKeyID)]
        if let previous = settings.previousKey { entries.append(Self.jwk(previous.key, id: previous.id)) }
        jwks = #"{"keys":["# + entries.joined(separator: ",") + "]}"
    }

    static func jwk(_ key: Curve25519.Signing.PublicKey, id: String) -> String {
        let x = OpaqueToken.base64url(key.rawRepresentation)
        return #"{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"\#(id)","x":"\#(x)"}"#
    }

    /// A signed access token for `user` in session `session`.
    public func accessToken(user: UUID, session: UUID, roles: [String], now exact: Date = Date()) async throws -> String {
        // Whole seconds: NumericDate values other verifiers read without surprise.
        let now = Date(timeIntervalSince1970: exact.timeIntervalSince1970.rounded(.down))
        let seconds = Double(lifetime.components.seconds)
        let claims = AccessTokenClaims(
            issuer: issuer, audience: audience, subject: user.uuidString.lowercased(), issuedAt: now, notBefore: now,
            expiration: now.addingTimeInterval(seconds), id: UUID().uuidString.lowercased(),
            sessionID: session.uuidString.lowercased(), roles: roles)
        return try await keys.sign(claims, kid: JWKIdentifier(string: currentKeyID))
    }

    /// A signed service token: `caller` may call `callee` until it expires.
    public func serviceToken(caller: String, callee: String, now exact: Date = Date()) async throws -> String {
        let now = Date(timeIntervalSince1970: exact.timeIntervalSince1970.rounded(.down))
        let claims = ServiceTokenClaims(
            issuer: issuer, callee: callee, caller: caller, issuedAt: now, expiration: now.addingTimeInterval(Double(serviceLifetime.components.seconds)))
        return try await keys.sign(claims, kid: JWKIdentifier(string: currentKeyID))
    }
}

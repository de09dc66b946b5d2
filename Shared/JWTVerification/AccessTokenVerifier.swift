import Foundation
import JWTKit

/// Verifies access tokens: Ed25519 signatures only, by `kid` against the keys of the auth
/// service's JWKS, with issuer, audience and time checks.
///
/// The header is checked before any key is touched: `alg` must be `EdDSA` (so `none` and HMAC
/// tokens are refused outright, whatever the key collection would do) and a `kid` must name a
/// known key — there is no default key to fall back on.
///
/// A token verified once is remembered (by its exact text, until it expires, at most
/// ``cacheLimit`` of them), so a client's repeated calls cost a dictionary lookup instead of an
/// Ed25519 check; replacing the keys forgets them all.
public actor AccessTokenVerifier {
    /// The expected `iss`.
    public let issuer: String
    /// The `aud` this verifier accepts.
    public let audience: String
    private var keys = JWTKeyCollection()
    private var keyIDs: Set<String> = []
    private var verified: [String: AccessTokenClaims] = [:]
    /// The most verified tokens remembered.
    public let cacheLimit = 10_000

    public init(issuer: String, audience: String) {
        self.issuer = issuer
        self.audience = audience
    }

    /// Replaces the known keys with the Ed25519 (`OKP`/`Ed25519`) keys of a JWKS document; other
    /// key types are ignored.
    /// - Returns: the key ids now known.
    @discardableResult
    public func replaceKeys(jwksJSON: String) async throws -> Set<String> {
        let jwks = try JSONDecoder().decode(JWKS.self, from: Data(jwksJSON.utf8))
        let collection = JWTKeyCollection()
        var ids: Set<String> = []
        for key in jwks.keys {
            guard key.keyType == .octetKeyPair, let kid = key.keyIdentifier?.string, let x = key.x,
                key.curve == .eddsa(.ed25519)
            else { continue }
            await collection.add(eddsa: try EdDSA.PublicKey(x: x, curve: .ed25519), kid: JWKIdentifier(string: kid))
            ids.insert(kid)
        }
        keys = collection
        keyIDs = ids
        verified = [:]
        return ids
    }

    /// Adds one public key under `kid` (tests, or a key from configuration).
    public func addKey(_ key: EdDSA.PublicKey, kid: String) async {
        await keys.add(eddsa: key, kid: JWKIdentifier(string: kid))
        keyIDs.insert(kid)
    }

    /// Verifies a user's access token and returns its claims.
    /// - Throws: ``TokenError`` with the reason.
    public func verify(_ token: String) async throws(TokenError) -> AccessTokenClaims {
        let now = Date()
        if let claims = verified[token] {
            if claims.expiration.value > now { return claims }
            verified[token] = nil
        }
        let claims = try await verify(token, as: AccessTokenClaims.self, audience: audience)
        if verified.count >= cacheLimit {
            verified = verified.filter { $0.value.expiration.value > now }
            if verified.count >= cacheLimit { verified = [:] }
        }
        verified[token] = claims
        return claims
    }

    /// Verifies a service token meant for `callee` (role `service`) and returns its claims.
    /// - Throws: ``TokenError`` with the reason.
    public func verifyService(_ token: String, callee: String) async throws(TokenError) -> ServiceTokenClaims {
        let claims = try await verify(token, as: ServiceTokenClaims.self, audience: callee)
        guard claims.roles == ["service"], claims.subject.value.hasPrefix("service:") else {
            throw TokenError("not_a_service", "the token does not speak for a service")
        }
        return claims
    }

    /// Verifies `token` as `Claims`, with the issuer and `audience` checks.
    func verify<Claims: IssuedClaims>(_ token: String, as: Claims.Type, audience: String) async throws(TokenError) -> Claims {
        let header = try Self.header(of: token)
        guard header.alg == "EdDSA" else {
            throw TokenError("unsupported_algorithm", "algorithm \(header.alg ?? "missing") is not accepted")
        }
        guard let kid = header.kid, !kid.isEmpty else { throw TokenError("missing_key_id", "the token names no key") }
        guard keyIDs.contains(kid) else { throw TokenError("unknown_key", "no key with id \(kid.prefix(64))") }
        let claims: Claims
        do {
            claims = try await keys.verify(token, as: Claims.self)
        } catch let error as JWTError {
            switch error.errorType {
            case .claimVerificationFailure:
                if error.failedClaim is ExpirationClaim { throw TokenError("expired", "the token has expired") }
                if error.failedClaim is NotBeforeClaim { throw TokenError("not_yet_valid", "the token is not valid yet") }
                throw TokenError("bad_claims", "a claim failed verification")
            case .signatureVerificationFailed:
                throw TokenError("bad_signature", "the signature does not verify")
            default:
                throw TokenError("malformed", "the token could not be read")
            }
        } catch {
            throw TokenError("malformed", "the token could not be read")
        }
        guard claims.issuer.value == issuer else { throw TokenError("wrong_issuer", "the token was not issued by \(issuer)") }
        guard claims.audience.value.contains(audience) else {
            throw TokenError("wrong_audience", "the token is not meant for \(audience)")
        }
        return claims
    }

    private struct Header: Decodable {
        let alg: String?
        let kid: String?
    }

    private static func header(of token: String) throws(TokenError) -> Header {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 8192 else { throw .malformed }
        var base64 = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw .malformed
        }
        return header
    }
}

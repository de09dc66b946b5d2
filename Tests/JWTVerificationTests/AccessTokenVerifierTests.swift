import Crypto
import Foundation
import JWTKit
import JWTVerification
import Testing

/// Keys and tokens made here, as the auth service will make them.
struct Issuer {
    let signingKey = Curve25519.Signing.PrivateKey()
    let kid = "key-" + UUID().uuidString.prefix(8)

    var jwks: String {
        let x = Issuer.base64URL(signingKey.publicKey.rawRepresentation)
        return #"{"keys":[{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"\#(kid)","x":"\#(x)"}]}"#
    }

    func claims(issuer: String = "modporter-auth", audience: String = "modporter", expiresIn: TimeInterval = 900, notBefore: Date = Date()) -> AccessTokenClaims {
        AccessTokenClaims(
            issuer: issuer, audience: audience, subject: UUID().uuidString, issuedAt: Date(), notBefore: notBefore,
            expiration: Date().addingTimeInterval(expiresIn), id: UUID().uuidString, sessionID: UUID().uuidString, roles: ["user"])
    }

    func sign(_ claims: AccessTokenClaims, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: try EdDSA.PrivateKey(backing: signingKey), kid: JWKIdentifier(string: kid ?? self.kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid ?? self.kid))
    }

    static func base64URL(_ data: some DataProtocol) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A token with the given header, the claims as payload, and `signature` appended.
    static func forged(header: String, claims: AccessTokenClaims, signature: String = "") throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return base64URL(Data(header.utf8)) + "." + base64URL(try encoder.encode(claims)) + "." + signature
    }
}

@Suite("Access token verification")
struct AccessTokenVerifierTests {
    func verifier(for issuer: Issuer) async throws -> AccessTokenVerifier {
        let verifier = AccessTokenVerifier(issuer: "modporter-auth", audience: "modporter")
        #expect(try await verifier.replaceKeys(jwksJSON: issuer.jwks) == [issuer.kid])
        return verifier
    }

    func refusal(_ verifier: AccessTokenVerifier, _ token: String) async -> String? {
        do {
            _ = try await verifier.verify(token)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func aValidTokenYieldsItsClaims() async throws {
        let issuer = Issuer()
        let claims = issuer.claims()
        let verified = try await verifier(for: issuer).verify(try await issuer.sign(claims))
        #expect(verified.subject == claims.subject)
        #expect(verified.sessionID == claims.sessionID)
        #expect(verified.roles == ["user"])
    }

    @Test func algNoneIsRefused() async throws {
        let issuer = Issuer()
        let token = try Issuer.forged(header: #"{"alg":"none","typ":"JWT","kid":"\#(issuer.kid)"}"#, claims: issuer.claims())
        #expect(await refusal(try await verifier(for: issuer), token) == "unsupported_algorithm")
    }

    @Test func hmacSignedWithThePublicKeyIsRefused() async throws {
        let issuer = Issuer()
        let header = #"{"alg":"HS256","typ":"JWT","kid":"\#(issuer.kid)"}"#
        let unsigned = try Issuer.forged(header: header, claims: issuer.claims())
        let signingInput = String(unsigned.dropLast())
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(signingInput.utf8), using: SymmetricKey(data: issuer.signingKey.publicKey.rawRepresentation))
        #expect(await refusal(try await verifier(for: issuer), signingInput + "." + Issuer.base64URL(Data(mac))) == "unsupported_algorithm")
    }

    @Test func wrongAudienceOrIssuerIsRefused() async throws {
        let issuer = Issuer()
        let verifier = try await verifier(for: issuer)
        #expect(await refusal(verifier, try await issuer.sign(issuer.claims(audience: "someone-else"))) == "wrong_audience")
        #expect(await refusal(verifier, try await issuer.sign(issuer.claims(issuer: "evil"))) == "wrong_issuer")
    }

    @Test func expiredAndNotYetValidTokensAreRefused() async throws {
        let issuer = Issuer()
        let verifier = try await verifier(for: issuer)
        #expect(await refusal(verifier, try await issuer.sign(issuer.claims(expiresIn: -60))) == "expired")
        #expect(await refusal(verifier, try await issuer.sign(issuer.claims(notBefore: Date().addingTimeInterval(600)))) == "not_yet_valid")
    }

    @Test func unknownOrMissingKeyIDsAreRefused() async throws {
        let issuer = Issuer()
        let verifier = try await verifier(for: issuer)
        #expect(await refusal(verifier, try await issuer.sign(issuer.claims(), kid: "retired-key")) == "unknown_key")
        let noKid = try Issuer.forged(header: #"{"alg":"EdDSA","typ":"JWT"}"#, claims: issuer.claims(), signature: "AAAA")
        #expect(await refusal(verifier, noKid) == "missing_key_id")
    }

    @Test func anotherKeysSignatureOrATamperedPayloadIsRefused() async throws {
        let issuer = Issuer()
        let verifier = try await verifier(for: issuer)
        let impostor = Issuer()
        let forged = try await impostor.sign(issuer.claims(), kid: issuer.kid)
        #expect(await refusal(verifier, forged) == "bad_signature")

        let genuine = try await issuer.sign(issuer.claims())
        let parts = genuine.split(separator: ".").map(String.init)
        let tampered = try Issuer.forged(header: #"{"alg":"EdDSA","typ":"JWT","kid":"\#(issuer.kid)"}"#, claims: issuer.claims())
            .split(separator: ".").map(String.init)
        #expect(await refusal(verifier, parts[0] + "." + tampered[1] + "." + parts[2]) == "bad_signature")
    }

    @Test(arguments: ["", "abc", "a.b", "a.b.c.d", "!!!.???.***", "oversized"])
    func garbageIsMalformed(token: String) async throws {
        let token = token == "oversized" ? String(repeating: "a", count: 9000) + ".b.c" : token
        #expect(await refusal(try await verifier(for: Issuer()), token) == "malformed")
    }

    @Test func rotationKeepsThePreviousKeyUntilItLeavesTheJWKS() async throws {
        let old = Issuer(), new = Issuer()
        let verifier = AccessTokenVerifier(issuer: "modporter-auth", audience: "modporter")
        let both = #"{"keys":[\#(old.jwks.dropFirst(9).dropLast(2)),\#(new.jwks.dropFirst(9).dropLast(2))]}"#
        #expect(try await verifier.replaceKeys(jwksJSON: both) == [old.kid, new.kid])
        _ = try await verifier.verify(try await old.sign(old.claims()))
        _ = try await verifier.verify(try await new.sign(new.claims()))
        try await verifier.replaceKeys(jwksJSON: new.jwks)
        #expect(await refusal(verifier, try await old.sign(old.claims())) == "unknown_key")
    }

    @Test func aRememberedTokenIsForgottenWhenItsKeyLeavesOrItExpires() async throws {
        let old = Issuer(), new = Issuer()
        let verifier = try await verifier(for: old)
        let token = try await old.sign(old.claims())
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)  // the second time from memory
        try await verifier.replaceKeys(jwksJSON: new.jwks)
        #expect(await refusal(verifier, token) == "unknown_key")

        let shortLived = try await new.sign(new.claims(expiresIn: 1))
        _ = try await verifier.verify(shortLived)
        let refused = await eventuallyTrue(within: .seconds(5)) { await refusal(verifier, shortLived) == "expired" }
        #expect(refused)
    }

    /// Polls `condition` until it holds or `within` passes.
    func eventuallyTrue(within limit: Duration, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }
}

import Foundation
import JWTKit
import JWTVerification
import Testing

/// The registered claims are shared by both kinds of token, but each payload stays flat: one JSON
/// object with `iss`, `aud`, `sub`, `iat`, `nbf`, `exp`, `jti` beside the kind's own claims.
@Suite("Token claims on the wire")
struct ClaimsWireTests {
    static func object(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try #require(JSONSerialization.jsonObject(with: encoder.encode(value)) as? [String: Any])
    }

    static let registered: Set = ["iss", "aud", "sub", "iat", "nbf", "exp", "jti"]

    @Test func anAccessTokenIsOneFlatObjectAndReadsBack() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let claims = AccessTokenClaims(
            issuer: "modporter-auth", audience: "modporter", subject: "user-1", issuedAt: now, notBefore: now,
            expiration: now.addingTimeInterval(900), id: "token-1", sessionID: "session-1", roles: ["user", "admin"])
        let object = try Self.object(claims)
        #expect(Set(object.keys) == Self.registered.union(["sid", "roles"]))
        #expect(object["sid"] as? String == "session-1")
        #expect(object["sub"] as? String == "user-1")
        #expect(object["exp"] as? Double == 1_800_000_900)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let back = try decoder.decode(AccessTokenClaims.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(back == claims)
        #expect(back.subject.value == "user-1" && back.audience.value == ["modporter"])
    }

    @Test func aServiceTokenIsOneFlatObjectAndReadsBack() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let claims = ServiceTokenClaims(issuer: "modporter-auth", callee: "conversion", caller: "gateway", issuedAt: now, expiration: now.addingTimeInterval(60))
        let object = try Self.object(claims)
        #expect(Set(object.keys) == Self.registered.union(["roles"]))
        #expect(object["sub"] as? String == "service:gateway")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let back = try decoder.decode(ServiceTokenClaims.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(back == claims)
        #expect(back.caller == "gateway" && back.roles == ["service"] && back.notBefore.value == now)
    }
}

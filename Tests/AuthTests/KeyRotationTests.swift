import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import ServiceKit
import Testing
import TestSupport

@testable import AuthApp

/// Rotating the signing key: tokens signed with the old key keep working while the JWKS serves it
/// as the previous key, new tokens carry the new `kid`, and once the old key leaves the JWKS its
/// tokens are refused.
@Suite("auth: signing-key rotation")
struct KeyRotationTests {
    typealias Auth = AuthServiceTests

    static func app(_ environment: [String: String]) async throws -> some ApplicationProtocol {
        try await AuthApplication.buildApplication(try Auth.settings(extra: environment), registry: PrometheusCollectorRegistry(), logger: testLogger()).application
    }

    @Test func tokensSignedWithThePreviousKeyStayValidUntilItLeavesTheJWKS() async throws {
        let old = OpaqueToken.base64url(Curve25519.Signing.PrivateKey().rawRepresentation)
        let new = OpaqueToken.base64url(Curve25519.Signing.PrivateKey().rawRepresentation)
        let kidOld = "old-\(uniqueSuffix(6))"
        let kidNew = "new-\(uniqueSuffix(6))"
        let email = Auth.email()

        let box = LockedBox("")
        try await Self.app(["AUTH_SIGNING_KEY": old, "AUTH_SIGNING_KEY_ID": kidOld]).test(.router) { client in
            let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
            let token = try #require(try Auth.object(registered)["access_token"] as? String)
            box.mutate { $0 = token }
        }
        let oldToken = box.value

        let rotating = ["AUTH_SIGNING_KEY": new, "AUTH_SIGNING_KEY_ID": kidNew, "AUTH_PREVIOUS_SIGNING_KEY": old, "AUTH_PREVIOUS_SIGNING_KEY_ID": kidOld]
        try await Self.app(rotating).test(.router) { client in
            let jwks = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            let kids = (try Auth.object(jwks)["keys"] as? [[String: Any]] ?? []).compactMap { $0["kid"] as? String }
            #expect(kids == [kidNew, kidOld])
            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(oldToken)"])
            #expect(me.status == .ok)
            let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
            let fresh = try #require(try Auth.object(login)["access_token"] as? String)
            let header = try #require(Data(base64URL: String(fresh.split(separator: ".")[0])))
            #expect((try JSONSerialization.jsonObject(with: header) as? [String: Any])?["kid"] as? String == kidNew)
        }

        try await Self.app(["AUTH_SIGNING_KEY": new, "AUTH_SIGNING_KEY_ID": kidNew]).test(.router) { client in
            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(oldToken)"])
            #expect(me.status == .unauthorized)
            #expect((try Auth.object(me)["error"] as? [String: Any])?["code"] as? String == "unknown_key")
        }
    }
}

extension Data {
    /// base64url without padding.
    init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

import Contracts
import Crypto
import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import JWTVerification
import NIOCore
import Prometheus
import ServiceKit
import Testing
import TestSupport

/// The gateway's front door against the test stack's real auth process and Redis: forwarding,
/// local token verification with the session check, refusals, security headers, and a rate limit
/// that holds across three replicas.
@Suite("gateway: the front door")
struct FrontDoorTests {
    static func settings(_ stack: LocalStack, authLimit: RateLimit = RateLimit(limit: 1000, period: .seconds(60))) -> GatewaySettings {
        GatewaySettings(
            standard: StandardSettings(common: ServiceConfiguration(service: .gateway, port: 0), redis: stack.redis),
            healthTargets: [], authURL: "http://127.0.0.1:\(stack.port("AUTH_PORTS"))", authLimit: authLimit,
            serviceSecret: stack.value("SERVICE_SECRET_GATEWAY"), conversionURL: "http://127.0.0.1:\(stack.port("NGINX_INTERNAL_PORT"))/conversion",
            aiEngineURL: "http://127.0.0.1:\(stack.port("NGINX_INTERNAL_PORT"))/ai-engine")
    }

    static func app(_ stack: LocalStack, authLimit: RateLimit = RateLimit(limit: 1000, period: .seconds(60))) -> some ApplicationProtocol {
        GatewayApplication.buildApplication(settings(stack, authLimit: authLimit), registry: PrometheusCollectorRegistry(), logger: testLogger()).application
    }

    static func body(_ value: [String: String]) -> ByteBuffer { ByteBuffer(bytes: Array(try! JSONSerialization.data(withJSONObject: value))) }

    static func object(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func errorCode(_ buffer: ByteBuffer) -> String? { (object(buffer)["error"] as? [String: Any])?["code"] as? String }

    /// A client address of this test's own, so rate-limit keys never collide between tests.
    static func address() -> HTTPFields { [HTTPField.Name("X-Forwarded-For")!: "10.\(Int.random(in: 0...255)).\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"] }

    static let password = "correct horse battery staple"

    /// Waits until the in-process gateway's Redis pool is up (its services start beside the test).
    static func ready(_ client: some TestClientProtocol) async throws {
        let up = await eventually(timeout: .seconds(20)) {
            (try? await client.execute(uri: "/health/ready", method: .get).status) == .ok
        }
        try #require(up, "the gateway did not become ready")
    }

    @Test func registersThroughTheGatewayAndLogoutEndsTheSessionAtOnce() async throws {
        let stack = try LocalStack.current()
        try await Self.app(stack).test(.router) { client in
            try await Self.ready(client)
            let email = "gw-\(uniqueSuffix())@example.com"
            let registered = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, headers: Self.address().merging([.contentType: "application/json"]),
                body: Self.body(["email": email, "password": Self.password]))
            #expect(registered.status == .created)
            #expect(registered.headers[HTTPField.Name("RateLimit-Limit")!] == "1000")
            #expect(registered.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let access = try #require(Self.object(registered.body)["access_token"] as? String)
            let bearer: HTTPFields = [.authorization: "Bearer \(access)"]

            let session = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer)
            #expect(session.status == .ok)
            #expect((Self.object(session.body)["roles"] as? [String]) == ["user"])
            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: bearer)
            #expect(Self.object(me.body)["email"] as? String == email)

            let logout = try await client.execute(uri: "/api/v1/auth/logout", method: .post, headers: bearer)
            #expect(logout.status == .noContent)
            let after = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: bearer)
            #expect(after.status == .unauthorized)
            #expect(Self.errorCode(after.body) == "session_ended")
            #expect(after.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
        }
    }

    @Test func forgedTokensAreRefused() async throws {
        let stack = try LocalStack.current()
        let secrets = try String(contentsOfFile: stack.value("STACK_DIR") + "/secrets.env", encoding: .utf8)
        let keyText = try #require(secrets.split(separator: "\n").first { $0.hasPrefix("AUTH_SIGNING_KEY=") }?.dropFirst("AUTH_SIGNING_KEY=".count))
        var base64 = keyText.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let stackKey = try Curve25519.Signing.PrivateKey(rawRepresentation: try #require(Data(base64Encoded: base64)))
        let keys = JWTKeyCollection()
        await keys.add(eddsa: try EdDSA.PrivateKey(backing: stackKey), kid: "k1")
        await keys.add(hmac: HMACKey(from: "not-a-real-secret-but-long-enough-0123456789"), digestAlgorithm: .sha256, kid: "hs")
        await keys.add(eddsa: try EdDSA.PrivateKey(), kid: "k-unknown")
        func claims(issuer: String = "modporter-auth", audience: String = "modporter", expiresIn: TimeInterval = 600) -> AccessTokenClaims {
            let now = Date()
            return AccessTokenClaims(
                issuer: issuer, audience: audience, subject: UUID().uuidString.lowercased(), issuedAt: now, notBefore: now,
                expiration: now.addingTimeInterval(expiresIn), id: UUID().uuidString, sessionID: UUID().uuidString.lowercased(), roles: ["user"])
        }
        let valid = try await keys.sign(claims(), kid: "k1")
        let parts = valid.split(separator: ".").map(String.init)
        let tampered = parts[0] + "." + parts[1] + "." + String(parts[2].reversed())
        let none = Data(#"{"alg":"none","typ":"JWT","kid":"k1"}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "") + "." + parts[1] + "."
        let cases: [(String, String)] = [
            (tampered, "invalid_signature"), (none, "unsupported_algorithm"),
            (try await keys.sign(claims(), kid: "hs"), "unsupported_algorithm"),
            (try await keys.sign(claims(audience: "someone-else"), kid: "k1"), "wrong_audience"),
            (try await keys.sign(claims(issuer: "someone-else"), kid: "k1"), "wrong_issuer"),
            (try await keys.sign(claims(), kid: "k-unknown"), "unknown_key"),
            (try await keys.sign(claims(expiresIn: -60), kid: "k1"), "expired"),
            // Correctly signed, but no such session: refused by the session check.
            (valid, "session_ended"),
        ]
        try await Self.app(stack).test(.router) { client in
            try await Self.ready(client)
            // The key set loads beside the test: wait until a well-signed token gets past the signature.
            let loaded = await eventually(timeout: .seconds(20)) {
                let response = try? await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(valid)"])
                return response.map { Self.errorCode($0.body) == "session_ended" } ?? false
            }
            #expect(loaded)
            for (token, code) in cases {
                let response = try await client.execute(uri: "/api/v1/auth/session", method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(response.status == .unauthorized, "\(code)")
                #expect(Self.errorCode(response.body) != nil)
                if code != "invalid_signature" { #expect(Self.errorCode(response.body) == code) }
            }
            let missing = try await client.execute(uri: "/api/v1/auth/session", method: .get)
            #expect(missing.status == .unauthorized)
        }
    }

    @Test func aRateLimitHoldsAcrossThreeReplicas() async throws {
        let stack = try LocalStack.current()
        let limit = 10
        let replicas = (0..<3).map { _ in Self.app(stack, authLimit: RateLimit(limit: limit, period: .seconds(600))) }
        let address = Self.address()
        try await replicas[0].test(.live) { first in
            try await replicas[1].test(.live) { second in
                try await replicas[2].test(.live) { third in
                    let clients: [any TestClientProtocol] = [first, second, third]
                    for client in clients { try await Self.ready(client) }
                    let codes = try await withThrowingTaskGroup(of: String.self) { group in
                        for index in 0...limit {
                            group.addTask {
                                let response = try await clients[index % 3].execute(
                                    uri: "/api/v1/auth/login", method: .post, headers: address.merging([.contentType: "application/json"]),
                                    body: Self.body(["email": "nobody-\(uniqueSuffix())@example.com", "password": "wrong password here"]))
                                return Self.errorCode(response.body) ?? "none"
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(codes.count == limit + 1)
                    #expect(codes.filter { $0 == "rate_limited" }.count == 1, "\(codes)")
                    #expect(codes.filter { $0 == "invalid_credentials" }.count == limit)
                }
            }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result.append(field) }
        return result
    }
}

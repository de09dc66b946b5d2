import Crypto
import Foundation
import JWTKit
import JWTVerification

// Token verification at the gateway, in process (release): real Ed25519 access tokens verified by
// `AccessTokenVerifier` (header checks, signature, claims, issuer, audience) the first time each is
// seen, and again (a client's repeated calls: the verifier remembers a verified token until it
// expires), beside the baseline of the bare Ed25519 signature check on the same bytes.

let key = Curve25519.Signing.PrivateKey()
let keys = JWTKeyCollection()
await keys.add(eddsa: try EdDSA.PrivateKey(backing: key), kid: "bench")
let now = Date()
let claims = AccessTokenClaims(
    issuer: "modporter-auth", audience: "modporter", subject: UUID().uuidString.lowercased(), issuedAt: now, notBefore: now,
    expiration: now.addingTimeInterval(900), id: UUID().uuidString, sessionID: UUID().uuidString.lowercased(), roles: ["user"])
let token = try await keys.sign(claims, kid: "bench")
let verifier = AccessTokenVerifier(issuer: "modporter-auth", audience: "modporter")
await verifier.addKey(try EdDSA.PublicKey(x: OpaqueBase64.url(key.publicKey.rawRepresentation), curve: .ed25519), kid: "bench")
_ = try await verifier.verify(token)

enum OpaqueBase64 {
    static func url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

let parts = token.split(separator: ".")
let signingInput = Data((parts[0] + "." + parts[1]).utf8)
var signatureText = parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
while signatureText.count % 4 != 0 { signatureText += "=" }
let signature = Data(base64Encoded: signatureText)!
let publicKey = key.publicKey

func rate(_ label: String, tasks: Int, seconds: Double = 3, _ body: @escaping @Sendable () async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    let deadline = start + .milliseconds(Int(seconds * 1000))
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                var count = 0
                while ContinuousClock.now < deadline {
                    for _ in 0..<64 { try await body() }
                    count += 64
                }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - start
    let perSecond = Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print(String(format: "auth: %@ on %d task(s): %.0f/s", label, tasks, perSecond))
    return perSecond
}

let cores = ProcessInfo.processInfo.activeProcessorCount
print("== token verification (release, in process, \(cores) cores) ==")
let baseline = try await rate("bare Ed25519 signature check (baseline)", tasks: 1) {
    guard publicKey.isValidSignature(signature, for: signingInput) else { fatalError("signature") }
}
// Distinct tokens, each verified once by a verifier that has not seen it.
var distinct: [String] = []
for _ in 0..<4_000 {
    let fresh = AccessTokenClaims(
        issuer: "modporter-auth", audience: "modporter", subject: UUID().uuidString.lowercased(), issuedAt: now, notBefore: now,
        expiration: now.addingTimeInterval(900), id: UUID().uuidString, sessionID: UUID().uuidString.lowercased(), roles: ["user"])
    distinct.append(try await keys.sign(fresh, kid: "bench"))
}
let tokens = distinct
func firstSight(tasks: Int) async throws -> Double {
    let fresh = AccessTokenVerifier(issuer: "modporter-auth", audience: "modporter")
    await fresh.addKey(try EdDSA.PublicKey(x: OpaqueBase64.url(key.publicKey.rawRepresentation), curve: .ed25519), kid: "bench")
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for part in 0..<tasks {
            group.addTask { for index in stride(from: part, to: tokens.count, by: tasks) { _ = try await fresh.verify(tokens[index]) } }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let perSecond = Double(tokens.count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print(String(format: "auth: access token verification, first sight, on %d task(s): %.0f/s", tasks, perSecond))
    return perSecond
}
let single = try await firstSight(tasks: 1)
let parallel = try await firstSight(tasks: cores)
let cached = try await rate("access token verification, seen before (cached)", tasks: cores) { _ = try await verifier.verify(token) }
print(String(format: "auth: first-sight verification / bare signature check = %.2f× (one task); %.0f first-sight and %.0f repeat verifications/s on %d cores",
             single / baseline, parallel, cached, cores))

import Crypto
import Foundation
import JWTKit
import JWTVerification

// Token verification at the gateway, in process (release): a real Ed25519 access token verified by
// `AccessTokenVerifier` (header checks, signature, claims, issuer, audience), on one task and on
// one task per core, beside the baseline of the bare Ed25519 signature check on the same bytes.

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
let single = try await rate("access token verification", tasks: 1) { _ = try await verifier.verify(token) }
let parallel = try await rate("access token verification", tasks: cores) { _ = try await verifier.verify(token) }
print(String(format: "auth: verification / bare signature check = %.2f× (one task); %.0f verifications/s on %d cores", single / baseline, parallel, cores))

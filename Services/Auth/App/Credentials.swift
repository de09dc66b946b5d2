import Crypto
import Foundation
import HummingbirdBcrypt
import ServiceKit

/// bcrypt hashing off the cooperative thread pool (a cost-12 hash takes a quarter of a second of
/// CPU), and a dummy hash so that an unknown email costs the same time as a wrong password.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    private let dummy: String

    public init(cost: UInt8) {
        self.cost = cost
        dummy = Bcrypt.hash("modporter-timing-equaliser", cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        try await BlockingWork.run { Bcrypt.hash(password, cost: cost) }
    }

    /// Verifies `password` against `hash`, or against the dummy when there is no account, so both
    /// answers take as long.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? dummy
        let matches = try await BlockingWork.run { Bcrypt.verify(password, hash: target) }
        return matches && hash != nil
    }
}

/// Opaque refresh tokens: 256 random bits as base64url; only their SHA-256 is stored.
public enum OpaqueToken {
    public static func generate() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
        return base64url(Data(bytes))
    }

    public static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }

    /// `data` as base64url without padding.
    public static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

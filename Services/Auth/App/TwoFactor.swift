import Crypto
import Foundation
import HummingbirdOTP
import Logging
import PostgresNIO

/// TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock drift either way) with the
/// secret sealed by AES-GCM under the service's data key, codes accepted once, and recovery codes.
public struct TwoFactor: Sendable {
    let postgres: PostgresClient
    let dataKey: SymmetricKey
    let issuer: String
    let logger: Logger

    public init(postgres: PostgresClient, dataKey: SymmetricKey, issuer: String = "ModPorter", logger: Logger) {
        self.postgres = postgres
        self.dataKey = dataKey
        self.issuer = issuer
        self.logger = logger
    }

    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    /// A random string of `count` characters from an unambiguous alphabet.
    static func randomString(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    // MARK: - State

    public enum State: Sendable { case off, pending, enabled }

    public func state(user: UUID) async throws -> State {
        let rows = try await postgres.query("SELECT enabled_at IS NOT NULL FROM user_totp WHERE user_id = \(user)", logger: logger)
        for try await enabled in rows.decode(Bool.self) { return enabled ? .enabled : .pending }
        return .off
    }

    /// Starts setup: a new secret (replacing a pending one). Returns the secret as the authenticator
    /// app wants it (base32) and the `otpauth://` URI.
    public func setup(user: UUID, label: String) async throws -> (secret: String, uri: String) {
        let secret = Self.randomString(20)
        let sealed = try AES.GCM.seal(Data(secret.utf8), using: dataKey).combined ?? Data()
        try await postgres.query(
            """
            INSERT INTO user_totp (user_id, secret_ciphertext) VALUES (\(user), \(sealed))
            ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, last_used_step = 0, created_at = now()
            WHERE user_totp.enabled_at IS NULL
            """, logger: logger)
        let totp = TOTP(secret: secret)
        return (Self.base32(Array(secret.utf8)), totp.createAuthenticatorURL(label: label, issuer: issuer))
    }

    /// RFC 4648 base32 without padding, as authenticator apps read secrets.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// Checks a code against the user's secret and, if it matches a step not used before, records
    /// that step (atomically: a replay in the same window is refused).
    public func acceptCode(_ code: String, user: UUID, requireEnabled: Bool, now: Date = Date()) async throws -> Bool {
        guard code.count == 6, let value = Int(code) else { return false }
        let rows = try await postgres.query(
            "SELECT secret_ciphertext, enabled_at IS NOT NULL, last_used_step FROM user_totp WHERE user_id = \(user)", logger: logger)
        var found: (Data, Bool, Int64)?
        for try await row in rows.decode((Data, Bool, Int64).self) { found = row }
        guard let (sealed, enabled, lastStep) = found, enabled == requireEnabled,
              let box = try? AES.GCM.SealedBox(combined: sealed), let plain = try? AES.GCM.open(box, using: dataKey) else { return false }
        let totp = TOTP(secret: String(decoding: plain, as: UTF8.self))
        let currentStep = Int64(now.timeIntervalSince1970) / 30
        for drift in [0, -1, 1] {
            let step = currentStep + Int64(drift)
            guard step > lastStep, totp.compute(date: Date(timeIntervalSince1970: TimeInterval(step * 30))) == value else { continue }
            let updated = try await postgres.query(
                "UPDATE user_totp SET last_used_step = \(step) WHERE user_id = \(user) AND last_used_step < \(step) RETURNING user_id", logger: logger)
            for try await _ in updated.decode(UUID.self) { return true }
            return false
        }
        return false
    }

    /// Enables 2FA after a valid code; returns ten recovery codes (shown once, stored hashed).
    public func enable(user: UUID, code: String) async throws -> [String]? {
        guard try await acceptCode(code, user: user, requireEnabled: false) else { return nil }
        let codes = (0..<10).map { _ in Self.randomString(5) + "-" + Self.randomString(5) }
        try await postgres.query("DELETE FROM recovery_codes WHERE user_id = \(user)", logger: logger)
        for code in codes {
            try await postgres.query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (\(user), \(Self.hash(code)))", logger: logger)
        }
        try await postgres.query("UPDATE user_totp SET enabled_at = now() WHERE user_id = \(user)", logger: logger)
        return codes
    }

    /// Uses one recovery code (each works once).
    public func useRecoveryCode(_ code: String, user: UUID) async throws -> Bool {
        guard code.count <= 32 else { return false }
        let rows = try await postgres.query(
            "UPDATE recovery_codes SET used_at = now() WHERE user_id = \(user) AND code_hash = \(Self.hash(code)) AND used_at IS NULL RETURNING user_id",
            logger: logger)
        for try await _ in rows.decode(UUID.self) { return true }
        return false
    }

    public func disable(user: UUID) async throws {
        try await postgres.query("DELETE FROM recovery_codes WHERE user_id = \(user)", logger: logger)
        try await postgres.query("DELETE FROM user_totp WHERE user_id = \(user)", logger: logger)
    }

    static func hash(_ code: String) -> Data { Data(SHA256.hash(data: Data(code.trimmingCharacters(in: .whitespaces).utf8))) }
}

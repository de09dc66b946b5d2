import Foundation

/// NIST SP 800-63B rules for a new password: at least 8 characters, at most 72 bytes of UTF-8
/// (bcrypt reads no further, and says so plainly instead of silently truncating), no NUL, not one
/// of the common passwords the project ships, and not the account's own email.
public enum PasswordPolicy {
    public static let minimumCharacters = 8
    public static let maximumBytes = 72

    /// Why a password is refused, as the one sentence the client shows.
    public struct Refusal: Error, Equatable, Sendable {
        public let code: String
        public let message: String
    }

    /// Checks `password` for an account with `email`.
    public static func check(_ password: String, email: String) throws(Refusal) {
        guard password.count >= minimumCharacters else {
            throw Refusal(code: "password_too_short", message: "the password needs at least \(minimumCharacters) characters")
        }
        guard password.utf8.count <= maximumBytes else {
            throw Refusal(code: "password_too_long", message: "the password may hold at most \(maximumBytes) bytes of UTF-8 (bcrypt ignores anything longer)")
        }
        guard !password.unicodeScalars.contains("\u{0}") else {
            throw Refusal(code: "password_invalid", message: "the password may not contain a NUL character")
        }
        let folded = password.lowercased()
        guard !CommonPasswords.list.contains(folded) else {
            throw Refusal(code: "password_common", message: "this password is among the most common ones; choose another")
        }
        guard folded != email.lowercased(), folded != email.lowercased().split(separator: "@").first.map(String.init) else {
            throw Refusal(code: "password_common", message: "the password may not be the email address")
        }
    }
}

/// Email addresses as the platform stores them: trimmed, lower-cased, one `@` with text on both
/// sides and a dot in the domain, at most 254 characters.
public enum EmailAddress {
    public static func normalised(_ text: String) -> String? {
        let email = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return nil }
        return email
    }
}

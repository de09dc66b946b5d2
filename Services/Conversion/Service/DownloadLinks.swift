import Crypto
import Foundation

/// Signed download links: a URL that fetches one finished conversion's add-on without an
/// `Authorization` header (for a browser's plain link), valid for minutes. The token names the
/// conversion, its owner and the expiry, and carries an HMAC-SHA256 of them under a key only the
/// conversion service holds (`DOWNLOAD_LINK_SECRET`); nothing is stored.
public struct DownloadLinks: Sendable {
    let key: SymmetricKey
    /// How long a link stays valid.
    public let lifetime: Duration

    public init(secret: String, lifetime: Duration) {
        key = SymmetricKey(data: Data(secret.utf8))
        self.lifetime = lifetime
    }

    /// A token for `conversion` of `owner`, and when it expires.
    public func token(conversion: UUID, owner: UUID, now: Date = Date()) -> (token: String, expires: Date) {
        let expires = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(lifetime.components.seconds)).rounded(.down))
        let payload = "\(conversion.uuidString.lowercased()).\(owner.uuidString.lowercased()).\(Int(expires.timeIntervalSince1970))"
        return (payload + "." + signature(payload), expires)
    }

    /// Why a token is refused.
    public enum Refusal: Error, Equatable, Sendable { case malformed, badSignature, expired }

    /// The conversion and owner a valid token names.
    public func verify(_ token: String, now: Date = Date()) throws(Refusal) -> (conversion: UUID, owner: UUID) {
        guard token.utf8.count <= 200 else { throw .malformed }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, let conversion = UUID(uuidString: String(parts[0])), let owner = UUID(uuidString: String(parts[1])),
              let expiry = Int(parts[2]) else { throw .malformed }
        let payload = parts[0...2].joined(separator: ".")
        guard let given = Self.decode(String(parts[3])),
              HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data(payload.utf8), using: key) else { throw .badSignature }
        guard Double(expiry) > now.timeIntervalSince1970 else { throw .expired }
        return (conversion, owner)
    }

    func signature(_ payload: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: key)
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ base64url: String) -> Data? {
        var text = base64url.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }
}

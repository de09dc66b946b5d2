import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ServiceKit

/// The refresh token's browser form: an `HttpOnly; Secure; SameSite=Strict` cookie scoped to the
/// auth routes, paired with a CSRF token the page sends back in `X-CSRF-Token`.
///
/// The CSRF token is derived from the refresh token (SHA-256 of it under a fixed label), so
/// nothing is stored: a page on another origin can neither read the refresh cookie
/// nor the readable `mp_csrf` cookie, and so cannot produce the header. A reload keeps the user
/// signed in: the page reads `mp_csrf` and calls `POST /api/v1/auth/refresh` with no body.
enum BrowserSession {
    static let refreshCookie = "mp_refresh"
    static let csrfCookie = "mp_csrf"
    static let csrfHeader = HTTPField.Name.csrfToken

    /// The CSRF token paired with `refreshToken`.
    static func csrfToken(for refreshToken: String) -> String {
        OpaqueToken.base64url(Data(SHA256.hash(data: Data(("modporter-csrf:" + refreshToken).utf8))))
    }

    /// The `Set-Cookie` values that hand a browser its refresh token (for `lifetime`).
    static func cookies(refreshToken: String, lifetime: Duration) -> [String] {
        let age = lifetime.components.seconds
        return [
            "\(refreshCookie)=\(refreshToken); Path=/api/v1/auth; Max-Age=\(age); HttpOnly; Secure; SameSite=Strict",
            "\(csrfCookie)=\(csrfToken(for: refreshToken)); Path=/; Max-Age=\(age); Secure; SameSite=Strict",
        ]
    }

    /// The `Set-Cookie` values that remove both cookies.
    static var clearingCookies: [String] {
        [
            "\(refreshCookie)=; Path=/api/v1/auth; Max-Age=0; HttpOnly; Secure; SameSite=Strict",
            "\(csrfCookie)=; Path=/; Max-Age=0; Secure; SameSite=Strict",
        ]
    }

    /// The refresh token from the request's cookie, when its CSRF header matches.
    /// - Returns: `nil` when there is no refresh cookie.
    /// - Throws: `csrf_failed` (403) when the cookie is there but the header is missing or wrong.
    static func refreshToken(from request: Request) throws -> String? {
        guard let token = cookie(refreshCookie, in: request) else { return nil }
        guard let header = request.headers[csrfHeader], header.utf8.count < 128,
              constantTimeEqual(Array(header.utf8), Array(csrfToken(for: token).utf8)) else {
            throw AppError(.forbidden, code: "csrf_failed", message: "the X-CSRF-Token header must match the mp_csrf cookie")
        }
        return token
    }

    /// The value of cookie `name` (the first one), if any.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    let value = parts[1].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty || value.utf8.count > 128 ? nil : value
                }
            }
        }
        return nil
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

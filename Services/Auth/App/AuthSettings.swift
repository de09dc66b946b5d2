import Contracts
import Crypto
import Foundation
import ServiceKit

/// The auth service's settings: the shared ones plus token signing and password hashing.
///
/// - `AUTH_SIGNING_KEY` (required): the current Ed25519 private key, 32 bytes as base64url.
/// - `AUTH_SIGNING_KEY_ID` (default `k1`): its `kid`.
/// - `AUTH_PREVIOUS_SIGNING_KEY`, `AUTH_PREVIOUS_SIGNING_KEY_ID`: the key being rotated out; the
///   JWKS keeps serving its public half so tokens it signed stay valid until they expire.
/// - `AUTH_DATA_KEY` (required): 32 bytes as base64url, the AES-GCM key that seals TOTP secrets.
/// - `AUTH_ISSUER` (default `modporter-auth`), `AUTH_AUDIENCE` (default `modporter`).
/// - `AUTH_BCRYPT_COST` (default 12, 4…31), `AUTH_ACCESS_TOKEN_TTL_SECONDS` (default 900),
///   `AUTH_REFRESH_TOKEN_TTL_SECONDS` (default 2,592,000: 30 days).
/// - `SERVICE_SECRET_GATEWAY`, `SERVICE_SECRET_CONVERSION`, `SERVICE_SECRET_REALTIME`,
///   `SERVICE_SECRET_AI_ENGINE`: each service's client secret (at least 32 characters), which it
///   trades for service tokens; a service without one cannot call internal routes.
/// - `AUTH_SERVICE_TOKEN_TTL_SECONDS` (default 300).
/// - `SMTP_HOST` (unset: no mail, and the verification and reset routes answer 503), `SMTP_PORT`
///   (default 25), `SMTP_FROM` (default `ModPorter <no-reply@modporter.local>`): the relay mail
///   goes through (plain SMTP on a private network: no STARTTLS, no AUTH).
/// - `PUBLIC_BASE_URL` (default `http://127.0.0.1:8080`): where mailed links point.
public struct AuthSettings: Sendable {
    public var standard: StandardSettings
    /// The service's PostgreSQL role and database (`POSTGRES_*`).
    public var postgres: PostgresSettings
    public var signingKey: Curve25519.Signing.PrivateKey
    public var signingKeyID: String
    public var dataKey: SymmetricKey
    public var previousKey: (key: Curve25519.Signing.PublicKey, id: String)?
    public var issuer: String
    public var audience: String
    public var bcryptCost: UInt8
    public var accessTokenLifetime: Duration
    public var refreshTokenLifetime: Duration
    /// Client secrets by service name.
    public var serviceSecrets: [String: String]
    public var serviceTokenLifetime: Duration
    /// The relay, when mail is configured.
    public var mailer: SMTPMailer?
    public var publicURL: String

    public init(environment: EnvironmentReader) throws {
        standard = try StandardSettings(service: .auth, environment: environment)
        postgres = try PostgresSettings(environment: environment)
        signingKey = try Self.privateKey(environment.required("AUTH_SIGNING_KEY"), variable: "AUTH_SIGNING_KEY")
        signingKeyID = environment.string("AUTH_SIGNING_KEY_ID", default: "k1")
        dataKey = SymmetricKey(data: try Self.bytes32(environment.required("AUTH_DATA_KEY"), variable: "AUTH_DATA_KEY"))
        if let previous = environment.optional("AUTH_PREVIOUS_SIGNING_KEY") {
            let id = try environment.required("AUTH_PREVIOUS_SIGNING_KEY_ID")
            guard id != signingKeyID else {
                throw ConfigurationError(variable: "AUTH_PREVIOUS_SIGNING_KEY_ID", problem: "must differ from AUTH_SIGNING_KEY_ID")
            }
            previousKey = (try Self.privateKey(previous, variable: "AUTH_PREVIOUS_SIGNING_KEY").publicKey, id)
        }
        issuer = environment.string("AUTH_ISSUER", default: "modporter-auth")
        audience = environment.string("AUTH_AUDIENCE", default: "modporter")
        bcryptCost = UInt8(try environment.integer("AUTH_BCRYPT_COST", default: 12, in: 4...31))
        let access = try environment.integer("AUTH_ACCESS_TOKEN_TTL_SECONDS", default: 900, in: 10...86_400)
        let refresh = try environment.integer("AUTH_REFRESH_TOKEN_TTL_SECONDS", default: 2_592_000, in: 60...31_536_000)
        guard refresh > access else {
            throw ConfigurationError(variable: "AUTH_REFRESH_TOKEN_TTL_SECONDS", problem: "must exceed AUTH_ACCESS_TOKEN_TTL_SECONDS")
        }
        accessTokenLifetime = .seconds(access)
        refreshTokenLifetime = .seconds(refresh)
        serviceSecrets = [:]
        for service in [ServiceName.gateway, .conversion, .realtime, .aiEngine] {
            let variable = "SERVICE_SECRET_" + service.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
            guard let secret = environment.optional(variable) else { continue }
            guard secret.utf8.count >= 32 else { throw ConfigurationError(variable: variable, problem: "must hold at least 32 characters") }
            serviceSecrets[service.rawValue] = secret
        }
        serviceTokenLifetime = .seconds(try environment.integer("AUTH_SERVICE_TOKEN_TTL_SECONDS", default: 300, in: 10...3_600))
        if let host = environment.optional("SMTP_HOST") {
            let from = environment.string("SMTP_FROM", default: "ModPorter <no-reply@modporter.local>")
            guard SMTPMailer.address(from).contains("@"), !from.contains(where: \.isNewline) else {
                throw ConfigurationError(variable: "SMTP_FROM", problem: "must be an address, optionally as Name <address>")
            }
            mailer = SMTPMailer(host: host, port: try environment.integer("SMTP_PORT", default: 25, in: 1...65_535), from: from)
        }
        publicURL = environment.string("PUBLIC_BASE_URL", default: "http://127.0.0.1:8080")
        guard publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://"), !publicURL.hasSuffix("/") else {
            throw ConfigurationError(variable: "PUBLIC_BASE_URL", problem: "must be an http(s) URL without a trailing slash")
        }
    }

    /// An Ed25519 private key from 32 bytes of base64url (padding optional).
    static func privateKey(_ text: String, variable: String) throws -> Curve25519.Signing.PrivateKey {
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: try bytes32(text, variable: variable)) else {
            throw ConfigurationError(variable: variable, problem: "must be 32 bytes of base64url (an Ed25519 private key)")
        }
        return key
    }

    /// 32 bytes from base64url (padding optional).
    static func bytes32(_ text: String, variable: String) throws -> Data {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let raw = Data(base64Encoded: base64), raw.count == 32 else {
            throw ConfigurationError(variable: variable, problem: "must be 32 bytes of base64url")
        }
        return raw
    }
}

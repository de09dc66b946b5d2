import Contracts
import Foundation

/// A service's own credentials for internal calls: it trades its client secret (from the
/// environment) at auth for a short-lived service token per callee, and reuses each token until
/// shortly before it expires.
///
/// The secret is sent only to auth's `POST /internal/v1/service-tokens`, never logged.
public actor ServiceCredentials {
    let client: InternalHTTPClient
    let tokenURL: String
    let clientID: String
    let secret: String
    private var cached: [String: (token: String, renewAt: ContinuousClock.Instant)] = [:]

    /// - Parameters:
    ///   - authURL: where auth answers on the internal listener (e.g. `http://127.0.0.1:8081/auth`).
    ///   - clientID: this service's name.
    ///   - secret: this service's client secret.
    public init(client: InternalHTTPClient, authURL: String, clientID: String, secret: String) {
        self.client = client
        tokenURL = authURL + "/internal/v1/service-tokens"
        self.clientID = clientID
        self.secret = secret
    }

    /// Why no token could be had.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// A valid service token for calls to `callee`.
    public func token(for callee: String, requestID: String? = nil) async throws -> String {
        if let entry = cached[callee], ContinuousClock.now < entry.renewAt { return entry.token }
        let body = try JSONEncoder().encode(ServiceTokenRequest(clientID: clientID, clientSecret: secret, audience: callee))
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        if let requestID { headers.append(("X-Request-ID", requestID)) }
        let exchange = try await client.send("POST", tokenURL, headers: headers, body: Array(body), timeout: .seconds(5), maxBody: 16 << 10)
        guard exchange.status == 200, let grant = try? JSONDecoder().decode(ServiceTokenGrant.self, from: Data(exchange.body)) else {
            throw Failure(description: "auth refused a service token for \(callee) (status \(exchange.status))")
        }
        // Renew at two thirds of the lifetime, so a token never expires in flight.
        cached[callee] = (grant.accessToken, ContinuousClock.now + .seconds(max(1, grant.expiresIn * 2 / 3)))
        return grant.accessToken
    }

    /// Forgets the cached token for `callee` (after the callee refused it).
    public func invalidate(_ callee: String) {
        cached[callee] = nil
    }
}

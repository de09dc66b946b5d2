import JWTVerification

/// Guards a service's internal routes: only a service token meant for this service (`aud` = its
/// name, role `service`) passes. Auth's JWKS is fetched when a token names a key not seen yet, at
/// most once every few seconds.
public actor ServiceTokenGate {
    let verifier: AccessTokenVerifier
    let client: InternalHTTPClient
    let jwksURL: String
    /// This service's name: the audience its tokens must carry.
    public let callee: String
    private var lastFetch: ContinuousClock.Instant?
    private var inFlight: Task<Result<Void, TokenError>, Never>?

    public init(callee: String, issuer: String, authURL: String, client: InternalHTTPClient) {
        verifier = AccessTokenVerifier(issuer: issuer, audience: callee)
        self.client = client
        jwksURL = authURL + "/.well-known/jwks.json"
        self.callee = callee
    }

    /// Trusts the keys of `jwksJSON` (a JWKS document) at once, without fetching auth's: for a
    /// caller that already holds the key set, such as a unit test signing its own service tokens.
    /// - Throws: ``TokenError`` when the document holds no usable key.
    public func trust(jwksJSON: String) async throws(TokenError) {
        do {
            _ = try await verifier.replaceKeys(jwksJSON: jwksJSON)
        } catch let error as TokenError {
            throw error
        } catch {
            throw TokenError("invalid_jwks", "the key set could not be read")
        }
    }

    /// The calling service's name, from an `Authorization: Bearer <service token>` header.
    /// - Throws: ``TokenError`` (`service_token_required`, or why the token was refused).
    public func caller(authorization: String?) async throws(TokenError) -> String {
        guard let authorization, authorization.hasPrefix("Bearer "), authorization.utf8.count < 4096 else {
            throw TokenError("service_token_required", "internal routes need a service token")
        }
        let token = String(authorization.dropFirst(7))
        do {
            return try await verifier.verifyService(token, callee: callee).caller
        } catch where error.code == "unknown_key" {
            try await fetchKeys()
            return try await verifier.verifyService(token, callee: callee).caller
        }
    }

    /// Fetches the key set; callers arriving while a fetch is in flight wait for that one (a burst
    /// of requests right after a restart must not each be refused as too soon).
    private func fetchKeys() async throws(TokenError) {
        if let inFlight {
            try await inFlight.value.get()
            return
        }
        if let lastFetch, ContinuousClock.now - lastFetch < .seconds(2) { throw TokenError("unknown_key", "the token names an unknown key") }
        lastFetch = .now
        let task = Task { await self.download() }
        inFlight = task
        let result = await task.value
        inFlight = nil
        try result.get()
    }

    private func download() async -> Result<Void, TokenError> {
        do {
            let response = try await client.get(jwksURL, timeout: .seconds(2), requestID: nil, retries: 1, maxBody: 64 << 10)
            guard response.status == 200 else { return .failure(TokenError("jwks_unavailable", "the key set could not be fetched")) }
            try await verifier.replaceKeys(jwksJSON: String(decoding: response.body, as: UTF8.self))
            return .success(())
        } catch let error as TokenError {
            return .failure(error)
        } catch {
            return .failure(TokenError("jwks_unavailable", "the key set could not be fetched"))
        }
    }
}

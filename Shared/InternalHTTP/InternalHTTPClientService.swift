import ServiceLifecycle

/// Runs beside a service's server and closes the internal HTTP client's pool once the service
/// stops (a client dropped without closing it is a programming error in AsyncHTTPClient).
public struct InternalHTTPClientService: Service {
    let client: InternalHTTPClient

    public init(client: InternalHTTPClient) {
        self.client = client
    }

    public func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}

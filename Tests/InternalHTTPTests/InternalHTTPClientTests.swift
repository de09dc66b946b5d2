import InternalHTTP
import Testing
import TestSupport

@Suite("Internal HTTP client against the test stack")
struct InternalHTTPClientTests {
    @Test func getsAServiceAndCarriesTheRequestID() async throws {
        let stack = try LocalStack.current()
        let client = InternalHTTPClient()
        let port = try #require(stack.ports("AUTH_PORTS").first)
        let response = try await client.get("http://127.0.0.1:\(port)/health/live", timeout: .seconds(5), requestID: "internal-1")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"live\""))
        try await client.shutdown()
    }

    @Test func aDeadPeerFailsWithinItsRetriesInsteadOfHanging() async throws {
        let client = InternalHTTPClient()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: (any Error).self) {
            try await client.get("http://127.0.0.1:1/health/ready", timeout: .seconds(1), requestID: nil, retries: 2)
        }
        // Three one-second attempts take about 3 s; the bound only tells a hang from an answer (the
        // first minute of a full run is CPU-starved on two cores: 10 s was once exceeded there).
        #expect(clock.now - start < .seconds(30))
        try await client.shutdown()
    }

    @Test func anOversizedBodyIsRefused() async throws {
        let stack = try LocalStack.current()
        let client = InternalHTTPClient()
        let port = try #require(stack.ports("AUTH_PORTS").first)
        await #expect(throws: (any Error).self) {
            try await client.get("http://127.0.0.1:\(port)/metrics", timeout: .seconds(5), requestID: nil, maxBody: 16)
        }
        try await client.shutdown()
    }
}

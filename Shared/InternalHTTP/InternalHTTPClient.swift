import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP client services use to call each other: every call has a time limit, idempotent calls
/// may be retried with back-off, and the request id travels along.
///
/// Call ``shutdown()`` once when the owner stops (the gateway's application does so on graceful
/// shutdown).
public final class InternalHTTPClient: Sendable {
    private let client: HTTPClient

    public init() {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2), read: .seconds(30))
        // Every internal call goes to one address (nginx's internal listener), and a request
        // waits for a pooled connection no longer than the connect time-out: the pool must hold
        // as many connections as a replica has calls in flight (8, the default, made the 9th of 50
        // concurrent uploads through a gateway fail with 502 under load).
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // A redirect is the callee's answer to pass on, never one to follow (following would send a
        // request body a second time).
        configuration.redirectConfiguration = .disallow
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A finished response: status and (bounded) body.
    public struct Response: Sendable {
        public let status: Int
        public let body: [UInt8]
    }

    /// `GET url`, within `timeout` per attempt.
    ///
    /// - Parameters:
    ///   - retries: further attempts after a connection failure or a 502/503/504, with doubling
    ///     back-off from 50 ms (GET is idempotent, so retrying is safe).
    ///   - maxBody: the most body bytes read; a longer body fails the call.
    public func get(
        _ url: String, timeout: Duration, requestID: String?, retries: Int = 0, maxBody: Int = 1 << 20
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        if let requestID { request.headers.add(name: "X-Request-ID", value: requestID) }
        var backoff = Duration.milliseconds(50)
        var attempt = 0
        while true {
            do {
                let response = try await client.execute(request, timeout: timeout.timeAmount)
                let body = try await response.body.collect(upTo: maxBody)
                let status = Int(response.status.code)
                if [502, 503, 504].contains(status), attempt < retries {
                    attempt += 1
                    try await Task.sleep(for: backoff)
                    backoff *= 2
                    continue
                }
                return Response(status: status, body: Array(buffer: body))
            } catch {
                guard attempt < retries, !(error is CancellationError) else { throw error }
                attempt += 1
                try await Task.sleep(for: backoff)
                backoff *= 2
            }
        }
    }

    /// A finished exchange of ``send(_:_:headers:body:timeout:maxBody:)``.
    public struct Exchange: Sendable {
        public let status: Int
        public let headers: [(name: String, value: String)]
        public let body: [UInt8]
    }

    /// One request with any method, never retried (it may not be idempotent), within `timeout`.
    /// - Parameter maxBody: the most response-body bytes read; a longer body fails the call.
    public func send(
        _ method: String, _ url: String, headers: [(name: String, value: String)], body: [UInt8]?, timeout: Duration,
        maxBody: Int = 1 << 20
    ) async throws -> Exchange {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: timeout.timeAmount)
        let collected = try await response.body.collect(upTo: maxBody)
        return Exchange(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(buffer: collected))
    }

    /// The body of a request passed on to another service.
    public enum OutboundBody: Sendable {
        case empty
        /// Collected whole before the call: can be sent again on a retry.
        case bytes(ByteBuffer)
        /// A one-shot stream (an upload) through a relay the caller pumps: sent once, never retried.
        case relay(BodyRelay, length: Int64?)
    }

    /// When a call is made again after its connection failed before any answer came.
    public enum Retry: Sendable {
        case never
        /// Once, after 50 ms, when the connection failed or broke before an answer (a pooled
        /// connection the callee had closed, a replica restarting): only for requests that are safe
        /// to repeat. A time-out or a cancellation is never retried, nor is a relayed body.
        case onceIfConnectionFailed
    }

    /// Runs `request` with `body`, within `timeout` per attempt; the answer's body streams (the caller
    /// reads it). A relayed body is never sent twice, whatever `retry` says.
    public func stream(_ request: HTTPClientRequest, body: OutboundBody, timeout: Duration, retry: Retry = .never) async throws -> HTTPClientResponse {
        var request = request
        var replayable = true
        switch body {
        case .empty: request.body = nil
        case .bytes(let bytes): request.body = .bytes(bytes)
        case .relay(let relay, let length):
            request.body = .stream(relay.chunks, length: length.map { .known($0) } ?? .unknown)
            replayable = false
        }
        var attempt = 0
        while true {
            do {
                return try await client.execute(request, timeout: timeout.timeAmount)
            } catch {
                guard case .onceIfConnectionFailed = retry, replayable, attempt == 0, Self.isConnectionFailure(error) else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Whether `error` says the connection failed or broke before an answer came (as opposed to a
    /// time-out, a cancellation or a malformed exchange).
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let error = error as? HTTPClientError {
            return [.remoteConnectionClosed, .connectTimeout, .getConnectionFromPoolTimeout].contains(error)
        }
        // Channel and socket errors of the connection itself (reset, refused, closed channel).
        return error is ChannelError || error is IOError || error is NIOConnectionError
    }

    /// Closes the connection pool.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension Duration {
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

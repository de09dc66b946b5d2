import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import Logging
import NIOCore
import NIOHTTP1
import ServiceKit

/// The conversion routes: each checked here (the caller's permission, their limit — uploads have a
/// tighter one) and passed to the conversion service's internal routes with a service token and
/// the verified user. Upload bodies and downloads stream through; nothing is held whole.
public struct ConversionRoutes: Sendable {
    let frontDoor: FrontDoorController
    let credentials: ServiceCredentials
    let conversionURL: String
    let uploadLimit: RateLimit
    /// The service the routes lead to (`conversion`, `ai-engine`) and the routes themselves.
    let service: String
    let routes: [ForwardedRoute]
    let logger: Logger

    public init(frontDoor: FrontDoorController, credentials: ServiceCredentials, conversionURL: String, uploadLimit: RateLimit, logger: Logger,
                service: String = "conversion", routes: [ForwardedRoute] = ConversionRoutes.routes) {
        self.frontDoor = frontDoor
        self.credentials = credentials
        self.conversionURL = conversionURL
        self.uploadLimit = uploadLimit
        self.service = service
        self.routes = routes
        self.logger = logger
    }

    /// The AI engine's public routes: embeddings and search for any signed-in user with `ai:use`,
    /// the model registry for `models:read` / `models:deploy`.
    public static let aiRoutes: [ForwardedRoute] = [
        .init(.post, "/api/v1/ai/embeddings", "ai:use", safeToRepeat: true),
        .init(.post, "/api/v1/ai/search", "ai:use", safeToRepeat: true),
        .init(.get, "/api/v1/ai/models", "models:read"),
        .init(.get, "/api/v1/ai/models/:name", "models:read"),
        .init(.post, "/api/v1/ai/models/:name/versions", "models:deploy", streamsBody: true),
        .init(.post, "/api/v1/ai/models/:name/versions/:version/promote", "models:deploy"),
        .init(.post, "/api/v1/ai/models/:name/versions/:version/archive", "models:deploy"),
        .init(.post, "/api/v1/ai/models/:name/rollback", "models:deploy"),
    ]

    /// Every conversion route and the permission it needs (cancelling or deleting one's own
    /// conversion needs only to read it; the service answers 404 for anyone else's).
    public static let routes: [ForwardedRoute] = [
        .init(.post, "/api/v1/conversions", "conversions:create", streamsBody: true),
        .init(.get, "/api/v1/conversions", "conversions:read"),
        .init(.get, "/api/v1/conversions/limits", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id", "conversions:read"),
        .init(.delete, "/api/v1/conversions/:id", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/report", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/previews", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/previews/:name", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/download", "conversions:read"),
        .init(.post, "/api/v1/conversions/:id/download-link", "conversions:read"),
        // Collaboration on the converted add-on (owners and invited collaborators; inviting is the owner's).
        .init(.get, "/api/v1/conversions/:id/files", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/files/:path", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/collaborators", "conversions:read"),
        .init(.post, "/api/v1/conversions/:id/collaborators", "conversions:read"),
        .init(.delete, "/api/v1/conversions/:id/collaborators/:user", "conversions:read"),
        .init(.post, "/api/v1/conversions/:id/save", "conversions:read"),
        // The signed link is the credential (a browser's plain link carries no token).
        .init(.get, "/api/v1/downloads/:token", nil),
    ]

    static let requestHeaders: [HTTPField.Name] = [.contentType, .accept, .range, .ifNoneMatch, .userAgent]
    static let responseHeaders: Set<String> = [
        "content-type", "content-length", "content-disposition", "etag", "accept-ranges", "content-range", "location", "cache-control", "retry-after",
        "x-document-seq",
    ]

    public func addRoutes(to router: Router<GatewayContext>) {
        for route in routes {
            router.on(RouterPath(route.path), method: route.method) { (request: Request, context: GatewayContext) async throws -> Response in
                guard route.permission != nil else {
                    return try await frontDoor.limited(request, context, limit: frontDoor.apiLimits.limit(for: []), kind: "api") {
                        try await forward(request, context, route: route, caller: nil)
                    }
                }
                let caller = try await frontDoor.authorize(request, context, permission: route.permission, sessionOnly: false)
                let upload = service == "conversion" && route.streamsBody
                let key = "user:\(caller.user.uuidString.lowercased())"
                return try await frontDoor.limited(
                    request, context, limit: upload ? uploadLimit : frontDoor.apiLimits.limit(for: caller.roles), kind: upload ? "upload" : "api", key: key
                ) {
                    try await forward(request, context, route: route, caller: caller)
                }
            }
        }
    }

    /// Passes the request on with a service token and, when there is one, the verified user.
    private func forward(_ request: Request, _ context: GatewayContext, route: ForwardedRoute, caller: FrontDoorController.Caller?) async throws -> Response {
        let token: String
        do {
            token = try await credentials.token(for: service, requestID: context.requestID)
        } catch {
            logger.error("no service token", metadata: ["service": .string(service), "request_id": .string(context.requestID ?? "-")])
            throw AppError.unavailable("the \(service) service cannot be reached right now", retryAfterSeconds: 5)
        }
        let path = "/internal/v1" + request.uri.string.dropFirst("/api/v1".count)
        var outbound = HTTPClientRequest(url: conversionURL + path)
        outbound.method = .init(rawValue: request.method.rawValue)
        for name in Self.requestHeaders {
            if let value = request.headers[name] { outbound.headers.add(name: name.rawName, value: value) }
        }
        outbound.headers.add(name: "Authorization", value: "Bearer " + token)
        if let caller {
            outbound.headers.add(name: "X-User-ID", value: caller.user.uuidString.lowercased())
            outbound.headers.add(name: "X-User-Permissions", value: caller.permissions.sorted().joined(separator: ","))
            outbound.headers.add(name: "X-User-Roles", value: caller.roles.joined(separator: ","))
        }
        outbound.headers.add(name: "X-Forwarded-For", value: ClientAddress.resolve(request, peer: context.remoteAddress, trusted: frontDoor.trustedProxies))
        if let id = context.requestID { outbound.headers.add(name: "X-Request-ID", value: id) }
        let hasBody = request.headers[.contentLength].flatMap(Int.init).map { $0 > 0 } == true || request.headers[.transferEncoding] != nil
        let timeout: Duration = route.streamsBody ? .seconds(600) : .seconds(60)
        guard hasBody else {
            return try await exchange(outbound, body: .empty, route: route, timeout: timeout, context)
        }
        if route.streamsBody {
            return try await exchangeStreamingUpload(outbound, request: request, route: route, timeout: timeout, context)
        }
        // A small body (JSON) is read whole first, so that nothing reads the request once the
        // exchange is over, and so that a retry can send it again.
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: ForwardedBodyLimits.collectedBytes)
        } catch {
            throw AppError(.contentTooLarge, code: "body_too_large", message: "the body may hold at most \(ForwardedBodyLimits.collectedBytes) bytes")
        }
        return try await exchange(outbound, body: .bytes(bytes), route: route, timeout: timeout, context)
    }

    /// One exchange with the service; its answer streams back to the caller.
    private func exchange(_ outbound: HTTPClientRequest, body: InternalHTTPClient.OutboundBody, route: ForwardedRoute, timeout: Duration,
                          _ context: GatewayContext) async throws -> Response {
        let response: HTTPClientResponse
        do {
            response = try await frontDoor.client.stream(outbound, body: body, timeout: timeout, retry: route.safeToRepeat ? .onceIfConnectionFailed : .never)
        } catch {
            throw unreachable(error, context)
        }
        let status = HTTPResponse.Status(code: Int(response.status.code))
        // An answer of known, small size is read whole before its head is written: a replica that
        // dies mid-answer then leaves nginx nothing sent (it answers a clean 502 or asks another
        // replica), never a head with half a body. Larger ones (downloads) stream.
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length <= ForwardedBodyLimits.bufferedAnswerBytes {
            let bytes: ByteBuffer
            do {
                bytes = try await response.body.collect(upTo: ForwardedBodyLimits.bufferedAnswerBytes)
            } catch {
                throw unreachable(error, context)
            }
            return Response(status: status, headers: passedHeaders(response), body: .init(byteBuffer: bytes))
        }
        return Response(status: status, headers: passedHeaders(response), body: ResponseBody(asyncSequence: response.body))
    }

    /// An upload: the body streams through a ``BodyRelay`` this handler pumps and waits for, so the
    /// request is never read after the handler returns (see ``BodyRelay``). Never retried: a body
    /// already partly sent cannot be sent again.
    private func exchangeStreamingUpload(_ outbound: HTTPClientRequest, request: Request, route: ForwardedRoute, timeout: Duration,
                                         _ context: GatewayContext) async throws -> Response {
        let relay = BodyRelay()
        let length = request.headers[.contentLength].flatMap(Int64.init)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await relay.pump(request.body) }
            let outcome: Result<HTTPClientResponse, any Error>
            do {
                outcome = .success(try await frontDoor.client.stream(outbound, body: .relay(relay, length: length), timeout: timeout, retry: .never))
            } catch {
                outcome = .failure(error)
            }
            if case .success(let response) = outcome, relay.bodyEnded {
                // The usual case: the service read the whole upload, then answered.
                try await group.waitForAll()
                return Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: passedHeaders(response),
                                body: ResponseBody(asyncSequence: response.body))
            }
            // The service answered, or the exchange failed, before the upload was through: take the
            // (small) answer whole, then stop the relay and wait for the pump to leave the request.
            var answer: (HTTPClientResponse, ByteBuffer)?
            var failure: (any Error)?
            switch outcome {
            case .success(let response):
                do { answer = (response, try await response.body.collect(upTo: ForwardedBodyLimits.earlyAnswerBytes)) } catch { failure = error }
            case .failure(let error):
                failure = error
            }
            relay.close()
            // The pump stops after the read it is in; a client that stalls mid-upload is cut off
            // after the grace period (its connection ends with the cancelled read).
            group.addTask { try? await Task.sleep(for: ForwardedBodyLimits.pumpGrace) }
            _ = try await group.next()
            group.cancelAll()
            try await group.waitForAll()
            guard let (response, bytes) = answer else { throw unreachable(failure ?? BodyRelay.RelayClosed(), context) }
            var headers = passedHeaders(response)
            headers[.contentLength] = String(bytes.readableBytes)
            headers[.connection] = "close"
            return Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: bytes))
        }
    }

    /// The standard 502 for a service that did not answer (logged with the cause).
    private func unreachable(_ error: any Error, _ context: GatewayContext) -> AppError {
        logger.error("upstream unreachable", metadata: ["service": .string(service), "request_id": .string(context.requestID ?? "-"),
                                                        "error": .string("\(error)".prefix(200).description)])
        return AppError(.badGateway, code: "upstream_unavailable", message: "the \(service) service did not answer")
    }

    /// The answer's headers a caller may see.
    private func passedHeaders(_ response: HTTPClientResponse) -> HTTPFields {
        var fields = HTTPFields()
        for header in response.headers where Self.responseHeaders.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return fields
    }
}

/// How much of a forwarded request the gateway holds, and for how long.
public enum ForwardedBodyLimits {
    /// A non-upload body (JSON) is collected whole, up to this many bytes (1 MiB; the largest is an
    /// embeddings request of 64 texts of 4 KiB); a longer one is refused with 413 `body_too_large`.
    public static let collectedBytes = 1 << 20
    /// An answer whose `Content-Length` is at most this (1 MiB: every JSON answer) is read whole
    /// before the gateway answers; larger ones (downloads, big reports) stream through.
    public static let bufferedAnswerBytes = 1 << 20
    /// An answer that comes before its upload was through (an error) is taken whole up to this size.
    public static let earlyAnswerBytes = 1 << 20
    /// How long the gateway waits for an upload's client to send its next chunk once the exchange
    /// is over, before it closes the connection.
    public static let pumpGrace = Duration.seconds(10)
}

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
        .init(.post, "/api/v1/ai/embeddings", "ai:use"),
        .init(.post, "/api/v1/ai/search", "ai:use"),
        .init(.get, "/api/v1/ai/models", "models:read"),
        .init(.get, "/api/v1/ai/models/:name", "models:read"),
        .init(.post, "/api/v1/ai/models/:name/versions", "models:deploy"),
        .init(.post, "/api/v1/ai/models/:name/versions/:version/promote", "models:deploy"),
        .init(.post, "/api/v1/ai/models/:name/versions/:version/archive", "models:deploy"),
        .init(.post, "/api/v1/ai/models/:name/rollback", "models:deploy"),
    ]

    /// Every conversion route and the permission it needs (cancelling or deleting one's own
    /// conversion needs only to read it; the service answers 404 for anyone else's).
    public static let routes: [ForwardedRoute] = [
        .init(.post, "/api/v1/conversions", "conversions:create"),
        .init(.get, "/api/v1/conversions", "conversions:read"),
        .init(.get, "/api/v1/conversions/limits", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id", "conversions:read"),
        .init(.delete, "/api/v1/conversions/:id", "conversions:read"),
        .init(.get, "/api/v1/conversions/:id/report", "conversions:read"),
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
                        try await forward(request, context, caller: nil, upload: false)
                    }
                }
                let caller = try await frontDoor.authorize(request, context, permission: route.permission, sessionOnly: false)
                let upload = service == "conversion" && route.method == .post && route.path == "/api/v1/conversions"
                let key = "user:\(caller.user.uuidString.lowercased())"
                return try await frontDoor.limited(
                    request, context, limit: upload ? uploadLimit : frontDoor.apiLimits.limit(for: caller.roles), kind: upload ? "upload" : "api", key: key
                ) {
                    try await forward(request, context, caller: caller, upload: upload)
                }
            }
        }
    }

    /// Passes the request on with a service token and, when there is one, the verified user.
    private func forward(_ request: Request, _ context: GatewayContext, caller: FrontDoorController.Caller?, upload: Bool) async throws -> Response {
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
        // Uploads stream; other bodies (small JSON) pass through as they come.
        if upload || request.headers[.contentLength].flatMap(Int.init).map({ $0 > 0 }) == true || request.headers[.transferEncoding] != nil {
            let length = request.headers[.contentLength].flatMap(Int.init).map { HTTPClientRequest.Body.Length.known(Int64($0)) } ?? .unknown
            outbound.body = .stream(request.body, length: length)
        }
        let response: HTTPClientResponse
        do {
            response = try await frontDoor.client.stream(outbound, timeout: upload ? .seconds(600) : .seconds(60))
        } catch {
            logger.error("upstream unreachable", metadata: ["service": .string(service), "request_id": .string(context.requestID ?? "-"),
                                                            "error": .string("\(error)".prefix(200).description)])
            throw AppError(.badGateway, code: "upstream_unavailable", message: "the \(service) service did not answer")
        }
        var fields = HTTPFields()
        for header in response.headers where Self.responseHeaders.contains(header.name.lowercased()) {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: HTTPResponse.Status(code: Int(response.status.code)), headers: fields, body: ResponseBody(asyncSequence: response.body))
    }
}
